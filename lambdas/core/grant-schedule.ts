import { DeadlineError } from './errors';
import type { RateBudget, Reservation } from './ports';

/**
 * One schedule for every token request of the app, shared by all Lambdas (RateBudget.reserve):
 * Plane's token endpoint allows 5 requests a minute (PLANE-FACTS.md), per client or per source IP,
 * and its 429 comes without a Retry-After. The token endpoint is not in the open-source server, but
 * every throttle there is Django REST framework's SimpleRateThrottle (apps/api/plane/api/rate_limit.py,
 * apps/api/plane/authentication/rate_limit.py, DEFAULT_THROTTLE_CLASSES in
 * apps/api/plane/settings/common.py): a sliding log of the allowed requests' times, where a request
 * is allowed while fewer than 5 fall in the last 60 s by Plane's clock. So the schedule is a sliding
 * log too: 5 at once when the window is empty, the 6th when the oldest has left it.
 */
export const GRANT_SCHEDULE = 'plane-token-endpoint';
/** Plane's allowance of token requests per {@link RATE_WINDOW_MS}. */
export const GRANT_LIMIT = 5;
/** How late after its slot a request may still go out (a deferred event's booking lasts this long). */
export const GRANT_SLOT_GRACE_MS = 2_500;
/** Plane's window: after a 429 nothing is sent for this long. */
const RATE_WINDOW_MS = 60_000;
/**
 * Plane counts the time each request reaches its throttle, so the window is kept wider than Plane's
 * by how much later than its slot the oldest request of a window may have arrived than the newest:
 * up to the grace after its slot, plus the spread of network and server latency and of the clocks
 * of two Lambda hosts (AWS keeps those within a millisecond or so), for which half a second is
 * ample. A request that still meets a 429 holds the schedule for Plane's window (afterRefusal).
 */
export const GRANT_WINDOW_MS = RATE_WINDOW_MS + GRANT_SLOT_GRACE_MS + 500;
/** SQS hides a message for at most 12 hours: no slot is booked further ahead than this. */
const MAX_BOOKING_MS = 11 * 3_600_000;

/** The app's slots of Plane's token endpoint. */
export interface GrantSchedule {
  /** The first free slot, reserved, if it is within {@link MAX_BOOKING_MS} (from `notBefore`, default now). */
  next(now: number, notBefore?: number): Promise<Reservation>;
  /**
   * A slot right now if the schedule stands idle, that is if one more would still be free now: for
   * renewals nobody waits for, which so never take the last slot of the window from a waiting event.
   */
  idle(now: number): Promise<Reservation>;
  /** After a 429: the schedule is held for Plane's window, and the slot after it is reserved. */
  afterRefusal(now: number): Promise<Reservation>;
}

export function createGrantSchedule(budget: RateBudget, windowMs = GRANT_WINDOW_MS): GrantSchedule {
  const reserve = (now: number, latest: number, notBefore?: number, spare?: number) =>
    budget.reserve(GRANT_SCHEDULE, { limit: GRANT_LIMIT, windowMs, now, notBefore, latest, spare });
  return {
    next: (now, notBefore) => reserve(now, (notBefore ?? now) + MAX_BOOKING_MS, notBefore),
    idle: (now) => reserve(now, now, undefined, 1),
    afterRefusal: (now) => reserve(now, now + RATE_WINDOW_MS + MAX_BOOKING_MS, now + RATE_WINDOW_MS),
  };
}

/**
 * The error that defers an event until a token can be had: the queue hides its record for
 * `waitMs` (at least a second) instead of failing it into the usual retry, so waiting for the
 * token endpoint costs one receive, not all five.
 */
export function waitForToken(waitMs: number, detail: string, cause?: unknown): DeadlineError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DeadlineError(
    `no token request slot before this invocation ends (${detail}); the event waits ${seconds} s`,
    cause,
    seconds * 1000,
    'token_budget',
  );
}
