/**
 * How long things last on the event path, in one place: the processor's timeout, the dedup
 * claim, and the event queue's visibility timeout. lib/ builds the processor function and the
 * queue from {@link PROCESSOR_TIMINGS}, the processor claims for its `claimMs`, and local mode
 * derives its shortened timings with the same {@link eventTimings}.
 *
 * The relation they keep (T function timeout, C claim, M margin, V visibility timeout):
 * - `C > T + M`: a claim outlives the invocation that took it, so no second copy starts while
 *   the first still runs (M covers clock skew between Lambdas: the claim's expiry is written with
 *   one clock and compared with another).
 * - `T + C + M < V`: the latest a claim can start is at the end of an invocation (the last record
 *   of a batch), so when a holder crashes, its claim has expired before SQS shows the message
 *   again, and the retry is not turned away by a dead claim.
 */
export interface EventTimings {
  /** How long one processor invocation may run (the Lambda timeout). */
  readonly functionTimeoutMs: number;
  /** How long a dedup claim blocks other copies of an event. */
  readonly claimMs: number;
  /** Slack on both sides of the claim, for clock skew and the time from receive to invoke. */
  readonly marginMs: number;
  /** How long a received message stays hidden: also how long a failed one waits for its retry. */
  readonly visibilityTimeoutMs: number;
}

/**
 * Timings for a function timeout and a visibility timeout: the slack `V - 2T` is split so the
 * claim sits in the middle of its allowed range (`M = slack / 4`, `C = T + slack / 2`).
 * Throws when `V <= 2T`: no claim can then keep both sides of the relation.
 */
export function eventTimings(times: { functionTimeoutMs: number; visibilityTimeoutMs: number }): EventTimings {
  const { functionTimeoutMs, visibilityTimeoutMs } = times;
  const slack = visibilityTimeoutMs - 2 * functionTimeoutMs;
  if (!(functionTimeoutMs > 0) || !(slack > 0))
    throw new RangeError(
      `a visibility timeout of ${visibilityTimeoutMs} ms leaves no room for a claim around a ` +
        `${functionTimeoutMs} ms function timeout: it must be more than twice the function timeout`,
    );
  return { functionTimeoutMs, claimMs: functionTimeoutMs + slack / 2, marginMs: slack / 4, visibilityTimeoutMs };
}

/** What breaks the relation above, if anything (empty when the timings are sound). */
export function timingProblems(t: EventTimings): string[] {
  const problems: string[] = [];
  if (!(t.claimMs > t.functionTimeoutMs + t.marginMs))
    problems.push(`the claim (${t.claimMs} ms) must outlast the function timeout plus the margin`);
  if (!(t.functionTimeoutMs + t.claimMs + t.marginMs < t.visibilityTimeoutMs))
    problems.push(`a claim taken at the end of an invocation must expire before the message is visible again`);
  return problems;
}

/**
 * The deployed processor: 60 s per invocation, and the visibility timeout at 6 times that, as
 * AWS advises for SQS event sources (so a throttled invocation's retries fit too). That gives a
 * 180 s claim and a 60 s margin.
 */
export const PROCESSOR_TIMINGS: EventTimings = eventTimings({
  functionTimeoutMs: 60_000,
  visibilityTimeoutMs: 360_000,
});

/**
 * Local mode's shortened timings for a retry delay (the queue's visibility timeout) of `seconds`:
 * the function timeout is 40% of it, so that failed events come back within seconds while the
 * same relation holds (for 10 s: a 4 s timeout, a 5 s claim, a 0.5 s margin). Nothing stops a
 * local invocation at its timeout as Lambda does, so a retry delay of a few seconds at least keeps
 * a slow machine from overrunning it.
 */
export function localEventTimings(seconds: number): EventTimings {
  return eventTimings({ functionTimeoutMs: seconds * 400, visibilityTimeoutMs: seconds * 1000 });
}
