import * as fc from 'fast-check';
import { isRetryableStatus, realTimeoutSignal, retryDelayMs } from '../../lambdas/core/retry-policy';
import { T0 } from './helpers';

const clock = () => T0;
const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
const low = () => 0;
const high = () => 0.999_999;

describe('retryDelayMs: server hints', () => {
  it('waits Retry-After seconds', () => {
    expect(retryDelayMs(answer(429, { 'retry-after': '2' }), 0, clock, low)).toBe(2000);
  });

  it('accepts a fractional Retry-After', () => {
    expect(retryDelayMs(answer(503, { 'retry-after': '1.5' }), 0, clock, low)).toBe(1500);
  });

  it('retries at once for Retry-After: 0', () => {
    expect(retryDelayMs(answer(429, { 'retry-after': '0' }), 3, clock, high)).toBe(0);
  });

  it('waits until a Retry-After HTTP date', () => {
    expect(retryDelayMs(answer(503, { 'retry-after': new Date(T0 + 30_000).toUTCString() }), 0, clock, low)).toBe(
      30_000,
    );
  });

  it('does not wait for a Retry-After date in the past', () => {
    expect(retryDelayMs(answer(503, { 'retry-after': new Date(T0 - 30_000).toUTCString() }), 0, clock, low)).toBe(0);
  });

  it('waits until X-RateLimit-Reset (epoch seconds) on a 429 without Retry-After', () => {
    expect(retryDelayMs(answer(429, { 'x-ratelimit-reset': String(T0 / 1000 + 42) }), 0, clock, low)).toBe(42_000);
  });

  it('does not wait for an X-RateLimit-Reset in the past', () => {
    expect(retryDelayMs(answer(429, { 'x-ratelimit-reset': String(T0 / 1000 - 5) }), 0, clock, low)).toBe(0);
  });

  it('prefers Retry-After to X-RateLimit-Reset', () => {
    expect(
      retryDelayMs(answer(429, { 'retry-after': '3', 'x-ratelimit-reset': String(T0 / 1000 + 42) }), 0, clock, low),
    ).toBe(3000);
  });

  it('ignores X-RateLimit-Reset on a 5xx (the budget is not what failed)', () => {
    expect(retryDelayMs(answer(503, { 'x-ratelimit-reset': String(T0 / 1000 + 42) }), 0, clock, low)).toBe(125);
  });

  it('backs off when Retry-After is not a number or a date', () => {
    expect(retryDelayMs(answer(429, { 'retry-after': 'soon' }), 0, clock, low)).toBe(125);
  });

  it('backs off, rather than retrying at once, when Retry-After is negative', () => {
    expect(retryDelayMs(answer(429, { 'retry-after': '-5' }), 0, clock, low)).toBe(125);
  });
});

describe('retryDelayMs: backoff', () => {
  it.each([
    [0, 125],
    [1, 250],
    [2, 500],
    [5, 4000],
    [6, 4000],
    [20, 4000],
  ])('waits at least half the base delay at attempt %i (%i ms)', (attempt, expected) => {
    expect(retryDelayMs(undefined, attempt, clock, low)).toBe(expected);
  });

  it.each([
    [0, 250],
    [1, 500],
    [4, 4000],
    [5, 8000],
    [30, 8000],
  ])('waits at most the base delay, capped at 8 s, at attempt %i (%i ms)', (attempt, expected) => {
    expect(retryDelayMs(undefined, attempt, clock, high)).toBe(expected);
  });

  it('backs off for a 5xx without headers', () => {
    expect(retryDelayMs(answer(500), 1, clock, low)).toBe(250);
  });

  it('stays within [base/2, base] for any attempt and any random draw', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const base = Math.min(8000, 250 * 2 ** attempt);
          const delay = retryDelayMs(undefined, attempt, clock, () => draw);
          return delay >= base / 2 && delay <= base;
        },
      ),
    );
  });
});

describe('isRetryableStatus', () => {
  it.each([429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 201, 400, 401, 403, 404, 409, 422])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('realTimeoutSignal', () => {
  test('takes a fractional time left (AbortSignal.timeout alone throws a RangeError for it)', () => {
    const signal = realTimeoutSignal(3597.1);
    expect(signal.aborted).toBe(false);
  });

  test('a time left of zero or less still gives a signal, which aborts at once', async () => {
    const signal = realTimeoutSignal(-5.5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(true);
  });
});
