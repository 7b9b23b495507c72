import type { Clock } from './ports';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A float in [0, 1): Math.random, or a seeded generator in a simulation. */
export type Random = () => number;

/** An AbortSignal that aborts after `ms`: AbortSignal.timeout, or virtual time in a simulation. */
export type TimeoutSignal = (ms: number) => AbortSignal;
/**
 * AbortSignal.timeout throws a RangeError for anything but a whole number of milliseconds, and the
 * time left before a deadline is often fractional (a clock with sub-millisecond precision, or a
 * deadline a tenth of the remaining time before the end): rounded up, never below 1 ms. Found by
 * the bench: every such call failed as a network error and the event waited for its retry.
 */
export const realTimeoutSignal: TimeoutSignal = (ms) => AbortSignal.timeout(Math.max(1, Math.ceil(ms)));

/**
 * How long to wait before retrying a 429 or 5xx: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (epoch seconds) when the budget is spent, else exponential backoff with
 * jitter (250 ms, 500 ms, 1 s, ... capped at 8 s).
 */
export function retryDelayMs(
  response: Pick<Response, 'headers' | 'status'> | undefined,
  attempt: number,
  clock: Clock,
  random: Random = Math.random,
): number {
  const retryAfter = response?.headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter) && Number.isFinite(seconds)) return seconds * 1000;
    // Otherwise an HTTP date; a malformed value (e.g. "-5") falls through to the backoff.
    const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - clock());
  }
  const reset = response?.headers.get('x-ratelimit-reset');
  if (response?.status === 429 && reset && Number.isFinite(Number(reset))) {
    return Math.max(0, Number(reset) * 1000 - clock());
  }
  const base = Math.min(8000, 250 * 2 ** attempt);
  return Math.round(base / 2 + random() * (base / 2));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
