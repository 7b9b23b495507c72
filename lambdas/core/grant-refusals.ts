import { describeError, ReinstallNeededError } from './errors';
import type { InstallationStore } from './installation';
import type { Logger } from './logger';
import type { OAuthClient } from './oauth-client';
import { TokenGrantError } from './plane-errors';
import type { Clock } from './ports';

/**
 * How long a first refusal of a bot grant must stand before a second one marks the installation
 * `reinstall_needed`. Plane sends no uninstall webhook, and no single answer proves an uninstall
 * (PLANE-FACTS.md, "failed bot grant"), so the kit asks twice, minutes apart. With the 360 s
 * visibility timeout, an event's third receive (about 12 minutes after the first) is the
 * earliest that can confirm; its two later receives then park it in the dead-letter queue.
 */
export const REFUSAL_CONFIRM_MS = 10 * 60_000;

export interface RefusalJudgeOptions {
  readonly store: InstallationStore;
  readonly oauth: OAuthClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** Default {@link REFUSAL_CONFIRM_MS}. */
  readonly confirmAfterMs?: number;
}

/** The workspace whose bot grant failed, and the installation the grant was for. */
export interface FailedBotGrant {
  readonly workspaceId: string;
  readonly installationId: string;
  /** The token the kit holds for it, if any: still good for an installation lookup until it expires. */
  readonly storedToken?: { readonly accessToken: string; readonly expiresAt: number };
}

/**
 * Judges a failed bot grant: an explicit refusal (`TokenGrantError.refused`), or a 5xx with an
 * installation lookup that says the installation is not `installed`, is recorded on the
 * installation; the second one, at least `confirmAfterMs` after the first, marks it
 * `reinstall_needed` and turns into a ReinstallNeededError. Anything else is returned unchanged:
 * the record fails and SQS retries it, with the installation left as it was.
 */
export function createRefusalJudge(options: RefusalJudgeOptions) {
  const { store, oauth, clock, log } = options;
  const confirmAfterMs = options.confirmAfterMs ?? REFUSAL_CONFIRM_MS;

  /** Plane's own word that the installation is gone, if the failure carries one. */
  const refusalOf = async (grant: FailedBotGrant, error: unknown): Promise<string | undefined> => {
    if (!(error instanceof TokenGrantError)) return undefined;
    if (error.refused) return `token endpoint answered ${error.planeStatus} ${error.oauthError}`;
    const token = grant.storedToken;
    // A grant for a missing installation most likely fails with a 500, like an outage; a token
    // that has not expired yet can ask Plane which it is (GET /auth/o/app-installation/).
    if (error.planeStatus < 500 || !token || token.expiresAt <= clock()) return undefined;
    try {
      const found = await oauth.getInstallations(token.accessToken, grant.installationId);
      const status = found.find((item) => item.id === grant.installationId)?.status;
      return status && status !== 'installed' ? `installation lookup says "${status}"` : undefined;
    } catch {
      return undefined; // no answer is no evidence
    }
  };

  return async function judge(grant: FailedBotGrant, error: unknown): Promise<unknown> {
    const reason = await refusalOf(grant, error);
    if (!reason) return error;
    const verdict = await store.recordRefusal(grant.workspaceId, reason, clock(), confirmAfterMs);
    const fields = { workspaceId: grant.workspaceId, installationId: grant.installationId, reason, verdict };
    if (verdict !== 'confirmed') {
      log.warn('Plane refused the bot grant; the event is retried, and a refusal again in minutes means a reinstall', {
        ...fields,
        error: describeError(error),
      });
      return error;
    }
    log.error('Plane refused the bot grant again: marked reinstall_needed; its events are parked', fields);
    return new ReinstallNeededError(grant.workspaceId, reason, error);
  };
}
