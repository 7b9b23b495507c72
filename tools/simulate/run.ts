import { PROCESSOR_TIMINGS } from '../../lambdas/core/event-timings';
import { type Installation, tokenFromGrant } from '../../lambdas/core/installation';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { createMemoryDedupStore, createMemoryRateBudget } from '../../lambdas/core/memory-stores';
import type { TokenManager, TokenManagerOptions } from '../../lambdas/core/token-manager';
import { createRng } from '../soak/prng';
import { countedStores, createDynamoCounter } from './counting-stores';
import { createLambdaPool } from './lambda-pool';
import { createLedger } from './ledger';
import { createProcessorInstance } from './processor-instance';
import { createSimPlane, type LimitKey } from './sim-plane';
import { createSimQueue } from './sim-queue';
import { round } from './stats';
import { createVirtualTime } from './virtual-time';
import { createArrivals } from './workload';

const HOUR = 3_600_000;
/** A Monday, midnight UTC: the daily cycle starts at its lowest. */
const START = Date.UTC(2027, 0, 4);

/** One simulation's settings (`npm run simulate -- --help` lists their flags). */
export interface SimulationConfig {
  readonly installations: number;
  readonly limitKey: LimitKey;
  readonly tokenLifetimeS: number;
  /** Simulated hours that are measured, after the warm-up. */
  readonly hours: number;
  /** Simulated hours before the measured ones, so tokens and caches are as a running app has them. */
  readonly warmupHours: number;
  readonly eventsPerInstallationPerDay: number;
  readonly zipfExponent: number;
  readonly dailyAmplitude: number;
  /** Share of events Plane sends twice (a retry after a lost answer), 0 to 600 s later. */
  readonly duplicateRate: number;
  readonly callsPerEvent: number;
  readonly maxConcurrency: number;
  /** Egress IPs the processor's instances share, for the per-IP limit (instance i uses IP i mod this). */
  readonly egressIps: number;
  readonly seed: number;
  /** The token manager under test: the kit's own by default. */
  readonly tokenManager?: (options: TokenManagerOptions) => TokenManager;
  /** Called after each simulated hour with the hours done (warm-up included). */
  readonly onHour?: (hoursDone: number) => void;
}

/** What one simulation measured. */
export interface SimulationResult {
  readonly installations: number;
  readonly limitKey: LimitKey;
  readonly tokenLifetimeS: number;
  readonly hours: number;
  readonly events: number;
  readonly grants: number;
  readonly grantsPeakHour: number;
  readonly tokenEndpoint429s: number;
  readonly delayP50S: number;
  readonly delayP99S: number;
  readonly delayMaxS: number;
  readonly lost: number;
  readonly parked: number;
  readonly parkedForToken: number;
  readonly unfinished: number;
  readonly dynamoRequestsPerEvent: number;
  readonly api429s: number;
  readonly deferrals: number;
  readonly timeouts: number;
  readonly instances: number;
  readonly runSeconds: number;
}

/**
 * Failure codes that mean "no token yet" (as processBatch logs them): a record parked after one of
 * these was parked for want of a token.
 */
const TOKEN_CODES = new Set(['token_wait_timeout', 'token_rate_limited', 'token_grant_failed', 'token_budget']);

function installationsOf(count: number, lifetimeS: number, at: number, random: () => number) {
  return Array.from({ length: count }, (_, rank): Installation & { issuedAt: number } => {
    const id = `ws-${rank + 1}`;
    return {
      workspaceId: id,
      workspaceSlug: id,
      installationId: `inst-${id}`,
      botUserId: `bot-${id}`,
      status: 'installed',
      createdAt: at - 30 * 24 * HOUR,
      updatedAt: at - 30 * 24 * HOUR,
      // Tokens of every age, as a running app has them.
      issuedAt: at - random() * lifetimeS * 1000,
    };
  });
}

/** Runs one simulated day (or `hours`) of the processor against Plane's limits, in virtual time. */
export async function runSimulation(config: SimulationConfig): Promise<SimulationResult> {
  const startedAt = performance.now();
  const measureFrom = START + config.warmupHours * HOUR;
  const arrivalsEnd = measureFrom + config.hours * HOUR;
  const time = createVirtualTime(START);
  const workloadRng = createRng(config.seed);
  const codeRng = createRng(config.seed * 7919 + 17);
  const plane = createSimPlane({
    time,
    rng: createRng(config.seed * 104_729 + 3),
    limitKey: config.limitKey,
    tokenLifetimeS: config.tokenLifetimeS,
    countFrom: measureFrom,
  });
  const memory = {
    installations: createMemoryInstallationStore(),
    dedup: createMemoryDedupStore(),
    grants: createMemoryRateBudget(),
  };
  for (const { issuedAt, ...installation } of installationsOf(
    config.installations,
    config.tokenLifetimeS,
    START,
    codeRng.next,
  )) {
    const accessToken = plane.issue(installation.installationId, issuedAt);
    const botToken = tokenFromGrant({ access_token: accessToken, expires_in: config.tokenLifetimeS }, issuedAt);
    await memory.installations.putInstallation({ ...installation, botToken });
  }
  const dynamo = createDynamoCounter();
  const stores = countedStores(memory, dynamo);
  const ledger = createLedger();
  const queue = createSimQueue({ visibilityTimeoutMs: PROCESSOR_TIMINGS.visibilityTimeoutMs, maxReceiveCount: 5 });
  const shared = {
    time,
    random: codeRng.next,
    plane,
    ledger,
    ...stores,
    callsPerEvent: config.callsPerEvent,
    tokenManager: config.tokenManager,
  };
  const pool = createLambdaPool({
    time,
    queue,
    ledger,
    maxConcurrency: config.maxConcurrency,
    functionTimeoutMs: PROCESSOR_TIMINGS.functionTimeoutMs,
    batchSize: 10,
    idleMs: 10 * 60_000,
    createInstance: (index) => createProcessorInstance(shared, `10.0.0.${index % config.egressIps}`),
  });

  const arrivals = createArrivals(config, START, workloadRng);
  let nextEventId = 0;
  const send = (eventId: number, workspace: string) => {
    const body =
      `{"event": "issue", "action": "updated", "webhook_id": "wh-1", "workspace_id": "${workspace}", ` +
      `"data": {"id": "e${eventId}"}, "activity": {"field": "priority", "actor": {"id": "user-1"}}}`;
    queue.send(eventId, body, { event: 'issue', workspaceId: workspace, dedupKey: `sim:${eventId}` }, time.now());
    pool.pump();
  };
  const scheduleNext = () => {
    const arrival = arrivals.next();
    if (arrival.at >= arrivalsEnd) return;
    time.at(arrival.at, () => {
      const eventId = nextEventId++;
      const workspace = `ws-${arrival.workspace + 1}`;
      ledger.enqueued(eventId, time.now(), time.now() >= measureFrom);
      send(eventId, workspace);
      if (workloadRng.next() < config.duplicateRate)
        time.at(time.now() + workloadRng.next() * 600_000, () => send(eventId, workspace));
      scheduleNext();
    });
  };
  scheduleNext();

  const runHours = async (from: number, to: number) => {
    for (let t = from; t < to; ) {
      t = Math.min(to, t + HOUR);
      await time.runUntil(t);
      config.onHour?.(Math.round((t - START) / HOUR));
    }
  };
  await runHours(START, measureFrom);
  const dynamoBefore = dynamo.total;
  await runHours(measureFrom, arrivalsEnd);
  const dynamoDuring = dynamo.total - dynamoBefore;
  // Let what is still queued finish (or park), for at most 12 more hours.
  for (let t = arrivalsEnd; t < arrivalsEnd + 12 * HOUR && (queue.depth > 0 || pool.active > 0); ) {
    t += 10 * 60_000;
    await time.runUntil(t);
  }

  const summary = ledger.summary();
  const parkedForToken = queue.parked.filter((message) =>
    ledger.failuresOf(message.id).some((code) => TOKEN_CODES.has(code)),
  ).length;
  const seconds = (ms: number) => round(ms / 1000, 1);
  return {
    installations: config.installations,
    limitKey: config.limitKey,
    tokenLifetimeS: config.tokenLifetimeS,
    hours: config.hours,
    events: summary.events,
    grants: plane.tally.grants,
    grantsPeakHour: Math.max(0, ...plane.tally.grantsByHour.slice(0, config.hours).map((n) => n ?? 0)),
    tokenEndpoint429s: plane.tally.tokenEndpoint429s,
    delayP50S: seconds(summary.delayP50Ms),
    delayP99S: seconds(summary.delayP99Ms),
    delayMaxS: seconds(summary.delayMaxMs),
    lost: summary.lost,
    parked: queue.parked.length,
    parkedForToken,
    unfinished: summary.unfinished,
    dynamoRequestsPerEvent: round(dynamoDuring / Math.max(1, summary.events), 2),
    api429s: plane.tally.api429s,
    deferrals: pool.tally.deferrals,
    timeouts: pool.tally.timeouts,
    instances: pool.tally.instances,
    runSeconds: round((performance.now() - startedAt) / 1000, 1),
  };
}
