import { DeadlineError } from './errors';
import type { RateBudget, Reservation } from './ports';

/**
 * One schedule for every token request of the app, shared by all Lambdas (RateBudget.reserve):
 * Plane's token endpoint allows 5 requests a minute (PLANE-FACTS.md), per client or per source IP,
 * and its 429 comes without a Retry-After. Plane counts with Django REST framework's sliding log
 * (`SimpleRateThrottle`, as its other throttles in apps/api/plane/api/rate_limit.py): any 5
 * allowed requests in 60 s, so a fixed window would let 10 through in a few seconds around its
 * edge. Slots 12.5 s apart keep every 60 s to 5 requests even when one leaves up to
 * {@link GRANT_SLOT_GRACE_MS} after its slot.
 */
export const GRANT_SCHEDULE = 'plane-token-endpoint';
export const GRANT_SPACING_MS = 12_500;
/** How late after its slot a request may still go out. */
export const GRANT_SLOT_GRACE_MS = 2_500;
/** Plane's window: after a 429 nothing is sent for this long. */
const RATE_WINDOW_MS = 60_000;
/** SQS hides a message for at most 12 hours: no slot is booked further ahead than this. */
const MAX_BOOKING_MS = 11 * 3_600_000;

/** The app's slots of Plane's token endpoint. */
export interface GrantSchedule {
  /** The first free slot, reserved, if it is within {@link MAX_BOOKING_MS} (from `notBefore`, default now). */
  next(now: number, notBefore?: number): Promise<Reservation>;
  /** A slot right now if the schedule stands idle: for renewals nobody waits for. */
  idle(now: number): Promise<Reservation>;
  /** After a 429: the schedule is held for Plane's window, and the slot after it is reserved. */
  afterRefusal(now: number): Promise<Reservation>;
}

export function createGrantSchedule(budget: RateBudget, spacingMs = GRANT_SPACING_MS): GrantSchedule {
  const reserve = (now: number, latest: number, notBefore?: number) =>
    budget.reserve(GRANT_SCHEDULE, { spacingMs, now, notBefore, latest });
  return {
    next: (now, notBefore) => reserve(now, (notBefore ?? now) + MAX_BOOKING_MS, notBefore),
    idle: (now) => reserve(now, now),
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
