import { randomUUID } from 'node:crypto';
import { describeError, ReinstallNeededError, UnavailableError } from './errors';
import { createRefusalJudge, type FailedBotGrant } from './grant-refusals';
import {
  type Installation,
  type InstallationStore,
  isFresh,
  type StoredToken,
  type TokenRef,
  tokenFromGrant,
  tokenRefKey,
} from './installation';
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { MetricName, type Metrics, noMetrics } from './metrics';
import type { OAuthClient, TokenResponse } from './oauth-client';
import { TokenGrantError } from './plane-errors';
import type { Clock } from './ports';
import { systemClock } from './ports';
import { realSleep, type Sleep } from './retry-policy';

const RATE_WINDOW_MS = 60_000;
/** Writes of a renewed token before the manager gives up and keeps it in memory only. */
const SAVE_ATTEMPTS = 3;

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
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly log?: Logger;
  readonly metrics?: Metrics;
  /** How long a renewal lease lasts: longer than a token request can take. Default 15 s. */
  readonly leaseMs?: number;
  /** How often a waiting caller re-reads the store. Default 150 ms. */
  readonly pollMs?: number;
  /** How long a caller waits for another's renewal when it passes no deadline. Default 20 s. */
  readonly maxWaitMs?: number;
  /** How long a first refusal of a bot grant stands before a second confirms it. Default REFUSAL_CONFIRM_MS. */
  readonly refusalConfirmMs?: number;
}

/**
 * Keeps bot and user tokens fresh. Tokens are cached in memory, then in the store; renewal is
 * single-flight within the process (a shared promise) and across processes (a conditional-write
 * lease on the record), because Plane's token endpoint allows 5 requests a minute.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store, oauth } = options;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const log = options.log ?? silentLogger;
  const metrics = options.metrics ?? noMetrics;
  const leaseMs = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 150;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const owner = randomUUID();
  const cache = new Map<string, StoredToken>();
  const inflight = new Map<string, Promise<StoredToken>>();
  // Tokens Plane issued that the store would not take: a rotated refresh token lives only here.
  const unsaved = new Map<string, StoredToken>();

  const usable = (token: StoredToken | undefined, rejected: string | undefined): token is StoredToken =>
    isFresh(token, clock()) && token.accessToken !== rejected;

  const judge = createRefusalJudge({ store, oauth, clock, log, confirmAfterMs: options.refusalConfirmMs });

  /** The workspace's installation, if it is installed: the only state in which the kit asks for a bot token. */
  const installed = async (workspaceId: string): Promise<Installation> => {
    const installation = await store.getInstallation(workspaceId);
    if (installation?.status === 'installed') return installation;
    throw new ReinstallNeededError(
      workspaceId,
      installation ? `it is marked ${installation.status}` : 'no installation is stored',
    );
  };

  // Refresh tokens rotate: one the store did not take is the only one that still works.
  const currentUserToken = async (ref: TokenRef) => unsaved.get(tokenRefKey(ref)) ?? (await store.getToken(ref));

  const refreshUser = async (ref: TokenRef): Promise<TokenResponse> => {
    const current = await currentUserToken(ref);
    if (!current?.refreshToken)
      throw new ReinstallNeededError(ref.workspaceId, 'no refresh token is stored for this user');
    return oauth.refresh(current.refreshToken);
  };

  /**
   * Stores a renewed token, retrying a failed write: Plane has already issued it (and rotated the
   * refresh token), so giving up would throw away the only valid one. If every attempt fails, the
   * token is kept in memory and used from there, and the failure is logged loudly (without it).
   */
  const save = async (ref: TokenRef, token: StoredToken): Promise<void> => {
    const key = tokenRefKey(ref);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await store.saveRenewedToken(ref, owner, token, clock());
        unsaved.delete(key);
        return;
      } catch (error) {
        if (attempt >= SAVE_ATTEMPTS) {
          unsaved.set(key, token);
          log.error(
            `renewed token not saved after ${SAVE_ATTEMPTS} attempts: kept in this process only, so the next ` +
              'cold start asks Plane again',
            { kind: ref.kind, workspaceId: ref.workspaceId, error: describeError(error) },
          );
          return;
        }
        await sleep(100 * 2 ** attempt);
      }
    }
  };

  const renewWithLease = async (ref: TokenRef): Promise<StoredToken> => {
    let botGrant: FailedBotGrant | undefined;
    try {
      let response: TokenResponse;
      if (ref.kind === 'user') response = await refreshUser(ref);
      else {
        const installation = await installed(ref.workspaceId);
        const { workspaceId, installationId, botToken: storedToken } = installation;
        botGrant = { workspaceId, installationId, storedToken };
        response = await oauth.botToken(installation.installationId);
      }
      let token = tokenFromGrant(response, clock());
      if (ref.kind === 'user' && !token.refreshToken) {
        // Plane rotates refresh tokens; should it ever not send one, keep the one that still works.
        const current = await currentUserToken(ref);
        if (current?.refreshToken) token = { ...token, refreshToken: current.refreshToken };
      }
      await save(ref, token);
      metrics.count(MetricName.TokenGrant);
      log.info('token renewed', {
        kind: ref.kind,
        workspaceId: ref.workspaceId,
        expiresAt: new Date(token.expiresAt).toISOString(),
      });
      return token;
    } catch (error) {
      const release = () => store.releaseRenewalLease(ref, owner).catch(() => undefined);
      if (error instanceof ReinstallNeededError) {
        await release();
        throw error;
      }
      metrics.count(MetricName.TokenGrantFailed);
      const judged = botGrant ? await judge(botGrant, error) : error;
      if (judged instanceof ReinstallNeededError) {
        await release();
        throw judged;
      }
      if (ref.kind === 'user' && error instanceof TokenGrantError && error.refused) {
        // A refused refresh token cannot be retried into working: the user must connect again.
        await release();
        throw new ReinstallNeededError(ref.workspaceId, `token endpoint answered ${error.planeStatus}`, error);
      }
      // Any other failure (an unconfirmed refusal, 429, an outage) keeps the lease until it runs
      // out, so the other callers wait instead of each trying the rate-limited endpoint in turn.
      if (error instanceof TokenGrantError && error.planeStatus === 429) {
        // The token endpoint allows 5 requests a minute (per IP for bot tokens): hold the lease
        // for the rest of the window so no other caller tries before it opens again.
        const now = clock();
        await store
          .acquireRenewalLease(ref, owner, now + Math.max(RATE_WINDOW_MS, error.retryAfterMs ?? 0), now)
          .catch(() => undefined);
      }
      log.error('token grant failed', {
        kind: ref.kind,
        workspaceId: ref.workspaceId,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };

  const obtain = async (ref: TokenRef, opts: TokenOptions): Promise<StoredToken> => {
    const deadline = opts.deadline ?? clock() + maxWaitMs;
    for (;;) {
      const stored = await store.getToken(ref);
      if (usable(stored, opts.rejected)) return stored;
      const now = clock();
      if (await store.acquireRenewalLease(ref, owner, now + leaseMs, now, opts.rejected)) return renewWithLease(ref);
      if (ref.kind === 'bot') await installed(ref.workspaceId);
      if (clock() + pollMs > deadline)
        throw new UnavailableError('timed out waiting for another caller to renew the token', {
          code: 'token_wait_timeout',
        });
      await sleep(pollMs + Math.floor(Math.random() * pollMs));
    }
  };

  const get = async (ref: TokenRef, opts: TokenOptions = {}): Promise<string> => {
    const key = tokenRefKey(ref);
    const cached = cache.get(key);
    if (usable(cached, opts.rejected)) return cached.accessToken;
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
