import { GRANT_LIMIT, GRANT_WINDOW_MS } from '../../lambdas/core/grant-schedule';
import { runSimulation, type SimulationConfig } from '../../tools/simulate/run';

/** Small enough to run in a second or two; the daily cycle flattened so the hour is a busy one. */
const base: SimulationConfig = {
  installations: 200,
  limitKey: 'app',
  tokenLifetimeS: 36_000,
  hours: 1,
  warmupHours: 0,
  eventsPerInstallationPerDay: 300,
  zipfExponent: 1,
  dailyAmplitude: 0,
  duplicateRate: 0.01,
  callsPerEvent: 2,
  maxConcurrency: 8,
  egressIps: 8,
  seed: 3,
};
/** 5 slots per window (core/grant-schedule.ts): the most grants any hour may hold (5 × 58 = 290). */
const GRANTS_PER_HOUR = GRANT_LIMIT * Math.ceil(3_600_000 / GRANT_WINDOW_MS);

describe('the simulation (200 installations, one simulated hour)', () => {
  it('handles every event within seconds when the token budget suffices, with no token 429', async () => {
    const result = await runSimulation(base);
    expect(result.events).toBeGreaterThan(1000);
    expect([result.lost, result.parked, result.unfinished, result.tokenEndpoint429s]).toEqual([0, 0, 0, 0]);
    expect(result.grants).toBeGreaterThan(0);
    expect(result.grants).toBeLessThanOrEqual(GRANTS_PER_HOUR);
    expect(result.delayP99S).toBeLessThan(60);
  });

  it('defers, and never parks or loses, events when twice the grants Plane allows are needed', async () => {
    // 20-minute tokens: 200 busy workspaces need about 600 grants an hour against 290.
    const result = await runSimulation({ ...base, tokenLifetimeS: 1200 });
    expect(result.deferrals).toBeGreaterThan(0);
    expect([result.lost, result.parked, result.parkedForToken, result.unfinished]).toEqual([0, 0, 0, 0]);
    expect([result.tokenEndpoint429s, result.api429s]).toEqual([0, 0]);
    expect(result.grantsPeakHour).toBeLessThanOrEqual(GRANTS_PER_HOUR);
    // Waiting for a token, not lost in retries: every event handled within the backlog's hour.
    expect(result.delayP99S).toBeGreaterThan(60);
    expect(result.delayMaxS).toBeLessThan(2 * 3600);
  });

  it('counts the DynamoDB requests of the processor path per event', async () => {
    const result = await runSimulation({ ...base, hours: 1, installations: 50 });
    // A claim, its completion, an installation read and a token read at least; far from a poll loop.
    expect(result.dynamoRequestsPerEvent).toBeGreaterThanOrEqual(2);
    expect(result.dynamoRequestsPerEvent).toBeLessThan(10);
  });
});
