/**
 * Small ports the use cases depend on. Each has an AWS adapter (lambdas/adapters) and an
 * in-memory twin (lambdas/core/memory-*.ts).
 */
import type { QueuedEvent } from './queued-event';

export interface EventQueue {
  /** Resolves once the queue has durably accepted the message; rejects otherwise. */
  send(message: QueuedEvent): Promise<void>;
}

export type ClaimResult = 'claimed' | 'done' | 'in_progress';

/**
 * De-duplication records. Each claim carries its owner (one processing attempt), and only that
 * owner completes or releases it, so a slow or crashed attempt never touches a claim that has
 * since passed to another. Expired records count as absent (emulators never delete them).
 */
export interface DedupStore {
  /** Claims `key` for `owner` until `leaseUntil`; says why not when it cannot. */
  claim(key: string, owner: string, now: number, leaseUntil: number): Promise<ClaimResult>;
  /**
   * Marks `key` processed (the record expires at `expiresAt`) if `owner` still holds its claim.
   * False when it does not: the claim ran out and another attempt took it.
   */
  complete(key: string, owner: string, expiresAt: number): Promise<boolean>;
  /** Gives up `owner`'s claim so a retry can process the event; anyone else's claim is left alone. */
  release(key: string, owner: string): Promise<void>;
}

/** A pending OAuth install started at the Setup URL. */
export interface OAuthState {
  readonly id: string;
  readonly expiresAt: number;
  readonly createdAt: number;
}

export interface OAuthStateStore {
  create(state: OAuthState): Promise<void>;
  /** Removes and returns the state if it exists and is unexpired; a second call gets nothing. */
  consume(id: string, now: number): Promise<OAuthState | undefined>;
}

/** What {@link RateBudget.reserve} asks for. */
export interface SlotRequest {
  /** At most this many slots of the schedule in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now: number;
  /** The slot may not be earlier than this (default `now`). */
  readonly notBefore?: number;
  /** Nothing is reserved if the first free slot is later than this. */
  readonly latest: number;
  /** Reserve only where this many more slots would still be free in the window (default 0). */
  readonly spare?: number;
}

/** A reserved slot, or (`slotAt` undefined) none, with the first free slot when it is known. */
export type Reservation = { readonly slotAt: number } | { readonly slotAt?: undefined; readonly freeAt?: number };

/**
 * Allowances shared by all Lambdas, in the table.
 * - `take`: at most `limit` takes of `name` per fixed window of `windowMs` (a conditional counter;
 *   counters run out with their window).
 * - `reserve`: a schedule of slots, at most `limit` in any window of `windowMs` (a sliding log, as
 *   Django REST framework's throttles count; one item with the last `limit` slots). Slots are handed
 *   out in order, never before the last one; a caller acts at its slot, never before, and the
 *   schedule is kept as if it did. Slots are never taken back.
 */
export interface RateBudget {
  /** Takes one unit from the current window; false when the window's allowance is spent. */
  take(name: string, limit: number, windowMs: number, now: number): Promise<boolean>;
  /**
   * Reserves the first slot from `notBefore` (default `now`) and not before the last reservation
   * that keeps every window to `limit` (and `spare` free), if it is no later than `request.latest`.
   */
  reserve(name: string, request: SlotRequest): Promise<Reservation>;
}

/** Reads a secret's current string value. */
export type SecretReader = () => Promise<string>;

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

/** Where a body too large for a queue message is kept. */
export interface BodyClaim {
  readonly bucket: string;
  readonly key: string;
}

/** Bodies too large for a queue message, kept by claim check (claim-check.ts). */
export interface ClaimStore {
  /** Keeps a verified body under its SHA-256; resolves once it is durable. */
  put(body: string, sha256: string): Promise<BodyClaim>;
  /** The claimed body's bytes, exactly as stored. */
  get(claim: BodyClaim): Promise<Uint8Array>;
}

/** A verified event the queue refused, as the overflow keeps it for the sweeper. */
export interface UndeliveredEvent {
  /** Where it is kept (what `delete` takes). */
  readonly key: string;
  readonly event: QueuedEvent;
}

/** Verified events the queue refused (an SQS outage), kept until the sweeper re-enqueues them. */
export interface OverflowStore {
  /** Keeps an event with an inline body under its body's SHA-256; resolves once it is durable. */
  put(event: QueuedEvent, sha256: string): Promise<void>;
  /** Keys of kept events, oldest listing order first, at most `max`. */
  list(max: number): Promise<string[]>;
  /** A kept event, or undefined when it is gone (another sweep took it). */
  get(key: string): Promise<UndeliveredEvent | undefined>;
  delete(key: string): Promise<void>;
}
