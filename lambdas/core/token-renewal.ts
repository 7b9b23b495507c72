import { describeError, ReinstallNeededError } from './errors';
import { createRefusalJudge, type FailedBotGrant } from './grant-refusals';
import {
  type Installation,
  type InstallationStore,
  type StoredToken,
  type TokenRef,
  tokenFromGrant,
  tokenRefKey,
} from './installation';
import type { Logger } from './logger';
import { MetricName, type Metrics } from './metrics';
import type { OAuthClient, TokenResponse } from './oauth-client';
import { TokenGrantError } from './plane-errors';
import type { Clock } from './ports';
import type { Random, Sleep } from './retry-policy';

/** Writes of a renewed token before the manager gives up and keeps it in memory only. */
const SAVE_ATTEMPTS = 3;

export interface TokenRenewalOptions {
  readonly store: InstallationStore;
  readonly oauth: OAuthClient;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: Random;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** The lease owner of this process. */
  readonly owner: string;
  /** How long a first refusal of a bot grant stands before a second confirms it. Default REFUSAL_CONFIRM_MS. */
  readonly refusalConfirmMs?: number;
}

/**
 * The token request itself, for a caller that holds the renewal lease at its slot: a bot grant
 * for an installed workspace, or a user refresh with the rotating refresh token; the new token
 * stored (the lease released in the same write). A failed bot grant goes to the refusal judge
 * (core/grant-refusals.ts): only confirmed refusals become ReinstallNeededError.
 */
export function createTokenRenewal(options: TokenRenewalOptions) {
  const { store, oauth, clock, sleep, random, log, metrics, owner } = options;
  const judge = createRefusalJudge({ store, oauth, clock, log, confirmAfterMs: options.refusalConfirmMs });
  // Tokens Plane issued that the store would not take: a rotated refresh token lives only here.
  const unsaved = new Map<string, StoredToken>();

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

  const grant = async (ref: TokenRef, failed: { grant?: FailedBotGrant }): Promise<StoredToken> => {
    let response: TokenResponse;
    if (ref.kind === 'user') response = await refreshUser(ref);
    else {
      const { workspaceId, installationId, botToken: storedToken } = await installed(ref.workspaceId);
      failed.grant = { workspaceId, installationId, storedToken };
      response = await oauth.botToken(installationId);
    }
    let token = tokenFromGrant(response, clock(), random());
    if (ref.kind === 'user' && !token.refreshToken) {
      // Plane rotates refresh tokens; should it ever not send one, keep the one that still works.
      const current = await currentUserToken(ref);
      if (current?.refreshToken) token = { ...token, refreshToken: current.refreshToken };
    }
    return token;
  };

  /**
   * Sends the token request now and stores the answer. On failure the lease is released only
   * when no retry can help (a refusal, a missing installation); otherwise it is left to run out,
   * and the error is rethrown for the caller to defer or fail the event.
   */
  async function renew(ref: TokenRef): Promise<StoredToken> {
    const failed: { grant?: FailedBotGrant } = {};
    try {
      const token = await grant(ref, failed);
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
      const judged = failed.grant ? await judge(failed.grant, error) : error;
      if (judged instanceof ReinstallNeededError) {
        await release();
        throw judged;
      }
      if (ref.kind === 'user' && error instanceof TokenGrantError && error.refused) {
        // A refused refresh token cannot be retried into working: the user must connect again.
        await release();
        throw new ReinstallNeededError(ref.workspaceId, `token endpoint answered ${error.planeStatus}`, error);
      }
      log.error('token grant failed', {
        kind: ref.kind,
        workspaceId: ref.workspaceId,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  return { renew, installed, unsaved };
}
