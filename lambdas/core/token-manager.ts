import { randomUUID } from 'node:crypto';
import { ReinstallNeededError, UnavailableError } from './errors';
import {
  createGrantSchedule,
  GRANT_LIMIT,
  GRANT_SLOT_GRACE_MS,
  GRANT_WINDOW_MS,
  type GrantSchedule,
  waitForToken,
} from './grant-schedule';
import {
  type InstallationStore,
  isFresh,
  type RenewalLease,
  type StoredToken,
  type TokenRef,
  tokenRefKey,
} from './installation';
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { createMemoryRateBudget } from './memory-stores';
import { type Metrics, noMetrics } from './metrics';
import type { OAuthClient } from './oauth-client';
import { TokenGrantError } from './plane-errors';
import type { Clock, RateBudget } from './ports';
import { systemClock } from './ports';
import { type Random, realSleep, type Sleep } from './retry-policy';
import { createTokenRenewal } from './token-renewal';

/**
 * A deferred event comes back this long before its booked slot, so it is there when the slot
 * opens. With {@link AFTER_SLOT_MS} it must fit in the time a returning event has (a Lambda's
 * 60 s, or the 20 s default), or the event would be deferred again at the cost of a receive;
 * a shorter invocation scales both down ({@link slotMargins}).
 */
const LEAD_MS = 5_000;
/** What a slot must leave of the caller's deadline: the token request, then the handler's own calls. */
const AFTER_SLOT_MS = 10_000;

/**
 * The lead and the time after the slot for a caller with `deadline - now` left, scaled down for a
 * short invocation (local mode's processor has 4 s): with the full 15 s such an event could never
 * take the slot booked for it, and would be deferred again and again until parked. A returning
 * event is taken to have about as long as this one, so a quarter before the slot and half after.
 */
function slotMargins(now: number, deadline: number): { readonly leadMs: number; readonly afterMs: number } {
  const left = Math.max(0, deadline - now);
  return { leadMs: Math.min(LEAD_MS, left / 4), afterMs: Math.min(AFTER_SLOT_MS, left / 2) };
}

/** After an early renewal found no free slot, the same workspace tries again no sooner than this. */
const EARLY_RETRY_MS = 5 * 60_000;
/** The owner of a booked lease: the slot a deferred event will come back for, not a process. */
const BOOKING = 'booking@';

/**
 * Options of one token request.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface TokenOptions {
  /** Renew even if the stored token looks fresh: Plane just answered 401 to it. */
  readonly rejected?: string;
  /** Epoch ms after which waiting for another caller's renewal gives up. */
  readonly deadline?: number;
}

export interface TokenManager {
  /** A bot token for the workspace with time left on it, renewed (once, across all callers) when due. */
  getBotToken(workspaceId: string, options?: TokenOptions): Promise<string>;
  /** A user's token (user flow), refreshed with its rotating refresh token when due. */
  getUserToken(workspaceId: string, userId: string, options?: TokenOptions): Promise<string>;
}

export interface TokenManagerOptions {
  readonly store: InstallationStore;
  readonly oauth: OAuthClient;
  /**
   * Where the slots of Plane's token endpoint are shared (core/grant-schedule.ts): the table on
   * Lambda, so that every function keeps to one budget. Default: this process's memory alone.
   */
  readonly budget?: RateBudget;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** Jitter of polling and of early renewal. Default Math.random. */
  readonly random?: Random;
  readonly log?: Logger;
  readonly metrics?: Metrics;
  /** How long a renewal lease lasts: longer than a token request can take. Default 15 s. */
  readonly leaseMs?: number;
  /** How often a waiting caller re-reads the store. Default 150 ms. */
  readonly pollMs?: number;
  /** How long a caller waits for a token when it passes no deadline. Default 20 s. */
  readonly maxWaitMs?: number;
  /** How long a first refusal of a bot grant stands before a second confirms it. Default REFUSAL_CONFIRM_MS. */
  readonly refusalConfirmMs?: number;
}

/**
 * Keeps bot and user tokens fresh within Plane's 5 token requests a minute. Tokens are cached in
 * memory, then in the store. Renewal is single-flight within the process (a shared promise) and
 * across processes (a conditional-write lease on the record), and every token request waits for a
 * slot of the schedule all Lambdas share (core/grant-schedule.ts), so none is refused with a 429:
 * - a caller that needs a token (none, expired, rejected) reserves the first free slot. A slot
 *   before its deadline it waits for; a later one it books on the lease and throws a
 *   `token_budget` DeadlineError, so the queue hides the event until just before that slot and it
 *   comes back to find its booking (one receive spent, however long the queue of slots).
 * - a token past its `renewFrom` is renewed early only when the schedule stands idle, so waiting
 *   events always come first, and renewals spread over the quiet hours.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const log = options.log ?? silentLogger;
  const leaseMs = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 150;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const owner = randomUUID();
  const schedule: GrantSchedule = createGrantSchedule(options.budget ?? createMemoryRateBudget());
  const renewal = createTokenRenewal({
    store,
    oauth: options.oauth,
    clock,
    sleep,
    random,
    log,
    metrics: options.metrics ?? noMetrics,
    owner,
    refusalConfirmMs: options.refusalConfirmMs,
  });
  const cache = new Map<string, StoredToken>();
  const inflight = new Map<string, Promise<StoredToken>>();
  /** When each token may next be tried early, and when the schedule may next be idle. */
  const earlyAfter = new Map<string, number>();
  let busyUntil = 0;

  const usable = (token: StoredToken | undefined, rejected: string | undefined): token is StoredToken =>
    isFresh(token, clock()) && token.accessToken !== rejected;
  const earlyDue = (ref: TokenRef, token: StoredToken, now: number) =>
    token.renewFrom !== undefined &&
    token.renewFrom <= now &&
    busyUntil <= now &&
    (earlyAfter.get(tokenRefKey(ref)) ?? 0) <= now;
  const jitter = () => Math.floor(random() * pollMs);
  const release = (ref: TokenRef) => store.releaseRenewalLease(ref, owner).catch(() => undefined);

  /** Books `slotAt` on the lease this process holds, and defers the event until just before it. */
  const book = async (
    ref: TokenRef,
    slotAt: number,
    deadline: number,
    why: string,
    cause?: unknown,
  ): Promise<never> => {
    const now = clock();
    const booking = { owner: `${BOOKING}${slotAt}`, until: slotAt + GRANT_SLOT_GRACE_MS, slotAt };
    await store.passRenewalLease(ref, owner, booking, now);
    throw waitForToken(slotAt - slotMargins(now, deadline).leadMs - now, why, cause);
  };

  /** Sends the token request at `slotAt` (the lease is this process's), deferring the event on a 429. */
  const renewAt = async (ref: TokenRef, slotAt: number, deadline: number): Promise<StoredToken> => {
    if (slotAt > clock()) await sleep(slotAt - clock());
    try {
      return await renewal.renew(ref);
    } catch (error) {
      if (!(error instanceof TokenGrantError && error.planeStatus === 429)) throw error;
      // Plane counts more requests than this schedule did (other clients, or IPs shared): hold
      // the schedule for Plane's window, and book the slot after it.
      const after = await schedule.afterRefusal(clock());
      if (after.slotAt === undefined) throw waitForToken(60_000, 'the token endpoint answered 429', error);
      return book(ref, after.slotAt, deadline, 'the token endpoint answered 429', error);
    }
  };

  /** Holding the lease: the first free slot, waited for if it comes before the deadline, else booked. */
  const renewUrgently = async (ref: TokenRef, deadline: number): Promise<StoredToken> => {
    const now = clock();
    const { leadMs, afterMs } = slotMargins(now, deadline);
    const slot = await schedule.next(now);
    if (slot.slotAt === undefined) {
      await release(ref);
      throw waitForToken((slot.freeAt ?? now + 3_600_000) - leadMs - now, 'every slot of the next hours is taken');
    }
    // A slot open now is used now, however little time is left: booking it would leave it empty.
    if (slot.slotAt <= Math.max(now, deadline - afterMs)) {
      // Tell the callers waiting on this lease when to look again.
      if (slot.slotAt > now)
        await store.passRenewalLease(ref, owner, { owner, until: slot.slotAt + leaseMs, slotAt: slot.slotAt }, now);
      return renewAt(ref, slot.slotAt, deadline);
    }
    return book(ref, slot.slotAt, deadline, `its slot is in ${Math.round((slot.slotAt - now) / 1000)} s`);
  };

  /** A token past its renewFrom, renewed now if the schedule stands idle; undefined if not. */
  const renewEarly = async (ref: TokenRef, now: number): Promise<StoredToken | undefined> => {
    earlyAfter.set(tokenRefKey(ref), now + EARLY_RETRY_MS * (0.5 + random()));
    if (!(await store.acquireRenewalLease(ref, owner, now + leaseMs, now, undefined, { early: true })))
      return undefined;
    const slot = await schedule.idle(now);
    if (slot.slotAt === undefined) {
      busyUntil = slot.freeAt ?? now + GRANT_WINDOW_MS / GRANT_LIMIT;
      await release(ref);
      return undefined;
    }
    try {
      return await renewal.renew(ref);
    } catch (error) {
      if (error instanceof ReinstallNeededError) throw error;
      if (error instanceof TokenGrantError && error.planeStatus === 429) await schedule.afterRefusal(clock());
      return undefined; // the token in hand still works
    }
  };

  /** The booking or renewal another caller holds: taken over at its slot, waited for, or deferred. */
  const waitOnLease = async (
    ref: TokenRef,
    lease: RenewalLease,
    deadline: number,
  ): Promise<StoredToken | undefined> => {
    const now = clock();
    const slotAt = lease.slotAt;
    if (lease.owner.startsWith(BOOKING) && slotAt !== undefined) {
      const { leadMs, afterMs } = slotMargins(now, deadline);
      if (slotAt > deadline - afterMs) throw waitForToken(slotAt - leadMs - now, 'its token request is booked');
      const mine = { owner, until: slotAt + leaseMs, slotAt };
      return (await store.passRenewalLease(ref, lease.owner, mine, now)) ? renewAt(ref, slotAt, deadline) : undefined;
    }
    if (ref.kind === 'bot') await renewal.installed(ref.workspaceId);
    const ready = Math.max(now + pollMs, (slotAt ?? 0) + pollMs);
    if (ready > deadline) {
      if (slotAt !== undefined) throw waitForToken(ready - now, 'another caller sends its token request later');
      throw new UnavailableError('timed out waiting for another caller to renew the token', {
        code: 'token_wait_timeout',
      });
    }
    await sleep(ready - now + jitter());
    return undefined;
  };

  const obtain = async (ref: TokenRef, opts: TokenOptions): Promise<StoredToken> => {
    const deadline = opts.deadline ?? clock() + maxWaitMs;
    for (;;) {
      const { token, lease } = await store.getRenewal(ref);
      const now = clock();
      if (usable(token, opts.rejected)) return (earlyDue(ref, token, now) && (await renewEarly(ref, now))) || token;
      if (lease && lease.owner !== owner && lease.until >= now) {
        const renewed = await waitOnLease(ref, lease, deadline);
        if (renewed) return renewed;
        continue;
      }
      if (await store.acquireRenewalLease(ref, owner, now + leaseMs, now, opts.rejected))
        return renewUrgently(ref, deadline);
      // Lost the race for the lease (or the token was renewed meanwhile): read again.
      if (ref.kind === 'bot') await renewal.installed(ref.workspaceId);
      if (clock() + pollMs > deadline)
        throw new UnavailableError('timed out waiting for another caller to renew the token', {
          code: 'token_wait_timeout',
        });
      await sleep(pollMs + jitter());
    }
  };

  const get = async (ref: TokenRef, opts: TokenOptions = {}): Promise<string> => {
    const key = tokenRefKey(ref);
    const cached = renewal.unsaved.get(key) ?? cache.get(key);
    if (usable(cached, opts.rejected) && !earlyDue(ref, cached, clock())) return cached.accessToken;
    let pending = inflight.get(key);
    if (!pending) {
      pending = obtain(ref, opts).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    let token = await pending;
    // Joined a renewal that started before Plane rejected this token: renew it again.
    if (token.accessToken === opts.rejected) token = await obtain(ref, opts);
    cache.set(key, token);
    return token.accessToken;
  };

  return {
    getBotToken: (workspaceId, opts) => get({ kind: 'bot', workspaceId }, opts),
    getUserToken: (workspaceId, userId, opts) => get({ kind: 'user', workspaceId, userId }, opts),
  };
}
