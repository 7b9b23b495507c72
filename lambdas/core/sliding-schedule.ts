import type { SlotRequest } from './ports';

/**
 * The sliding log behind RateBudget.reserve, one pure function for the DynamoDB adapter and the
 * in-memory twin alike. `slots` are the schedule's last reservations, oldest first; slots are
 * handed out in order (never before the last one), so any window of `windowMs` holds at most
 * `limit` of them exactly when each slot is at least `windowMs` after the one `limit` places
 * before it.
 */
export function firstFreeSlot(slots: readonly number[], request: SlotRequest): number {
  const start = request.notBefore ?? request.now;
  const last = slots.at(-1) ?? Number.NEGATIVE_INFINITY;
  // With `spare` kept free, the window may hold only `limit - spare` once this slot is added.
  const room = Math.max(1, request.limit - (request.spare ?? 0));
  const bound = slots.at(-room);
  const windowOpens = bound === undefined ? Number.NEGATIVE_INFINITY : bound + request.windowMs;
  return Math.max(start, last, windowOpens);
}

/** The log after a reservation at `slotAt`: only the last `limit` slots still matter. */
export function withSlot(slots: readonly number[], slotAt: number, limit: number): number[] {
  return [...slots, slotAt].slice(-limit);
}
