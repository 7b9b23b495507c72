import {
  type EventTimings,
  eventTimings,
  localEventTimings,
  PROCESSOR_TIMINGS,
  timingProblems,
} from '../../lambdas/core/event-timings';

describe.each([
  ['the deployed processor', PROCESSOR_TIMINGS],
  ['local mode at 1 s', localEventTimings(1)],
  ['local mode at 5 s (the end-to-end test)', localEventTimings(5)],
  ['local mode at 10 s (npm start, the soak)', localEventTimings(10)],
])('%s', (_name, t: EventTimings) => {
  test('a claim outlives the invocation that holds it, with the margin to spare', () => {
    expect(t.claimMs).toBeGreaterThan(t.functionTimeoutMs + t.marginMs);
  });

  test("a crashed holder's claim, taken at the end of its invocation, expires a margin before the retry", () => {
    expect(t.functionTimeoutMs + t.claimMs + t.marginMs).toBeLessThan(t.visibilityTimeoutMs);
  });

  test('the margin is a real one', () => {
    expect(t.marginMs).toBeGreaterThanOrEqual(t.visibilityTimeoutMs / 20);
  });

  test('timingProblems finds nothing', () => {
    expect(timingProblems(t)).toEqual([]);
  });
});

test('the deployed figures: 60 s invocations, a 180 s claim, a 60 s margin, a 360 s visibility timeout', () => {
  expect(PROCESSOR_TIMINGS).toEqual({
    functionTimeoutMs: 60_000,
    claimMs: 180_000,
    marginMs: 60_000,
    visibilityTimeoutMs: 360_000,
  });
});

test('the old 300 s claim with a 60 s timeout and a 360 s visibility timeout had no margin', () => {
  const old = { functionTimeoutMs: 60_000, claimMs: 300_000, marginMs: 0, visibilityTimeoutMs: 360_000 };
  expect(timingProblems(old)).toEqual([
    'a claim taken at the end of an invocation must expire before the message is visible again',
  ]);
});

test('a claim shorter than the invocation is named', () => {
  const short = { functionTimeoutMs: 60_000, claimMs: 60_000, marginMs: 10_000, visibilityTimeoutMs: 360_000 };
  expect(timingProblems(short)).toEqual(['the claim (60000 ms) must outlast the function timeout plus the margin']);
});

test.each([
  [60_000, 120_000],
  [60_000, 90_000],
  [0, 1000],
])('no timings for a %i ms function and a %i ms visibility timeout', (functionTimeoutMs, visibilityTimeoutMs) => {
  expect(() => eventTimings({ functionTimeoutMs, visibilityTimeoutMs })).toThrow(/more than twice/);
});
