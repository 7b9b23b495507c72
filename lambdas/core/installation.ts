/**
 * Plane's installation statuses, plus `reinstall_needed`, which the kit sets once Plane has refused
 * the workspace's bot grant twice, minutes apart (core/grant-refusals.ts). Records written by
 * older versions may hold `uninstalled` for the same thing.
 */
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

const INSTALLATION_STATUSES = [
  'pending',
  'installed',
  'failed',
  'reauthorize',
  'uninstalled',
  'reinstall_needed',
] as const;

/** True when `value` is an {@link InstallationStatus}: for a status read back from storage. */
export function isInstallationStatus(value: unknown): value is InstallationStatus {
  return (INSTALLATION_STATUSES as readonly unknown[]).includes(value);
}

/** An access token as the kit stores it. Times are epoch milliseconds. */
export interface StoredToken {
  readonly accessToken: string;
  /** When Plane says the token stops working (`expires_in` after it was issued). */
  readonly expiresAt: number;
  /** When the kit must renew it before using it again: minutes before `expiresAt`, from `expires_in`. */
  readonly renewAt: number;
  /**
   * From when the kit renews it if the shared grant schedule has a slot free (nobody waits for
   * one): a point in the token's life drawn at random per token, so renewals spread out.
   */
  readonly renewFrom?: number;
  /** User tokens only. Plane rotates it on every refresh. */
  readonly refreshToken?: string;
  readonly scope?: string;
}

/** One workspace that installed the app. */
export interface Installation {
  readonly workspaceId: string;
  readonly workspaceSlug: string;
  readonly workspaceName?: string;
  /** Plane's `app_installation_id`: what a bot token is granted for. */
  readonly installationId: string;
  /** The bot user's id (`app_bot`): events it caused are echoes and are dropped. */
  readonly botUserId: string;
  readonly status: InstallationStatus;
  readonly installedBy?: string;
  readonly botToken?: StoredToken;
  /** When Plane first refused the bot grant, if that refusal is not yet confirmed or cleared. */
  readonly refusedAt?: number;
  /** What that refusal was (Plane's OAuth error, or what the installation lookup said). */
  readonly refusal?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * What recording a refusal did: the first one is stored (`first`); one at least the confirmation
 * window after it marks the installation `reinstall_needed` (`confirmed`); one in between, or for
 * a workspace with no installation, changes nothing (`unconfirmed`).
 */
type RefusalVerdict = 'first' | 'unconfirmed' | 'confirmed';

/** A user's own tokens (user flow), keyed by workspace and user. */
export interface UserGrant {
  readonly workspaceId: string;
  readonly userId: string;
  readonly token: StoredToken;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A token's renewal lease as stored: who holds it, until when, and the grant slot it waits for. */
export interface RenewalLease {
  readonly owner: string;
  readonly until: number;
  /** When the holder sends its token request (a slot of the shared grant schedule), if it waits for one. */
  readonly slotAt?: number;
}

/** A token and its renewal lease, read together. */
interface TokenRenewal {
  readonly token?: StoredToken;
  readonly lease?: RenewalLease;
}

/** Which token a renewal lease is about. */
export type TokenRef =
  | { readonly kind: 'bot'; readonly workspaceId: string }
  | { readonly kind: 'user'; readonly workspaceId: string; readonly userId: string };

/**
 * Where installations and tokens live. Two implementations (DynamoDB and in-memory) pass one
 * contract suite (test/contract/installation-store.contract.ts).
 */
export interface InstallationStore {
  getInstallation(workspaceId: string): Promise<Installation | undefined>;
  /** The installation with Plane's `app_installation_id`, if one is stored. */
  findInstallation(installationId: string): Promise<Installation | undefined>;
  /** Creates or replaces the installation of a workspace (a re-install updates the same record). */
  putInstallation(installation: Installation): Promise<void>;
  listInstallations(): Promise<Installation[]>;
  setInstallationStatus(workspaceId: string, status: InstallationStatus, now: number): Promise<void>;
  /**
   * Records that Plane refused the workspace's bot grant (`reason`), one conditional write per
   * step so Lambdas racing on it agree: see {@link RefusalVerdict}. The refusal is confirmed when
   * the first one is at least `confirmAfterMs` old. A renewed bot token (saveRenewedToken) and a
   * reinstall (putInstallation) clear it.
   */
  recordRefusal(workspaceId: string, reason: string, now: number, confirmAfterMs: number): Promise<RefusalVerdict>;
  getUserGrant(workspaceId: string, userId: string): Promise<UserGrant | undefined>;
  putUserGrant(grant: UserGrant): Promise<void>;
  getToken(ref: TokenRef): Promise<StoredToken | undefined>;
  /** The token and its renewal lease (an expired lease is returned too: compare `until` with now). */
  getRenewal(ref: TokenRef): Promise<TokenRenewal>;
  /**
   * Takes the renewal lease of a token, so one caller across all Lambdas renews it. Succeeds only
   * if the record exists, no unexpired lease is held by another owner (an owner may extend its
   * own), and the stored token is due for renewal
   * (`renewAt <= now`; with `early`, `renewFrom <= now` too) or is the `rejected` one (Plane
   * answered 401 to it), so a caller that read a stale token never renews a fresh one.
   */
  acquireRenewalLease(
    ref: TokenRef,
    owner: string,
    leaseUntil: number,
    now: number,
    rejected?: string,
    options?: { readonly early?: boolean },
  ): Promise<boolean>;
  /**
   * Hands the lease held by `from` to `to` (another owner, a new end, the slot it waits for), if
   * `from` still holds it at `now`. False when it does not: the lease ran out or passed on.
   */
  passRenewalLease(ref: TokenRef, from: string, to: RenewalLease, now: number): Promise<boolean>;
  /**
   * Stores the renewed token (with a rotated refresh token), releases the lease and clears an
   * unconfirmed refusal, in one write.
   */
  saveRenewedToken(ref: TokenRef, owner: string, token: StoredToken, now: number): Promise<void>;
  releaseRenewalLease(ref: TokenRef, owner: string): Promise<void>;
}

export function tokenRefKey(ref: TokenRef): string {
  return ref.kind === 'bot' ? `bot:${ref.workspaceId}` : `user:${ref.workspaceId}:${ref.userId}`;
}

/** Whether a stored token can be used now without renewal. */
export function isFresh(token: StoredToken | undefined, now: number): token is StoredToken {
  return token !== undefined && now < token.renewAt && now < token.expiresAt;
}

/**
 * Where in a token's life early renewal may begin: between these fractions, drawn per token. Not
 * before half its life (a renewal costs one of Plane's 5 token requests a minute, and an early one
 * throws away what is left of the old token); spread wide, so the tokens of workspaces installed
 * or renewed at the same time do not all fall due together again.
 */
const RENEW_FROM = { earliest: 0.5, latest: 0.9 };

/**
 * Turns Plane's `expires_in` into a stored token: renewal is due 5 minutes before expiry, or at
 * half the lifetime for short-lived tokens, so a token is never used in its last minutes. From
 * `renewFrom` (at `spread`, 0..1, between {@link RENEW_FROM}'s points of its life) it is renewed
 * early when a token request slot is free.
 */
export function tokenFromGrant(
  grant: { access_token: string; expires_in?: number; refresh_token?: string; scope?: string },
  now: number,
  spread = 0.5,
): StoredToken {
  const lifetimeS = typeof grant.expires_in === 'number' && grant.expires_in > 0 ? grant.expires_in : 3600;
  const marginS = Math.min(300, lifetimeS / 2);
  const renewAt = now + (lifetimeS - marginS) * 1000;
  const share = RENEW_FROM.earliest + (RENEW_FROM.latest - RENEW_FROM.earliest) * Math.min(1, Math.max(0, spread));
  const renewFrom = Math.round(now + lifetimeS * 1000 * share);
  return {
    accessToken: grant.access_token,
    expiresAt: now + lifetimeS * 1000,
    renewAt,
    ...(renewFrom < renewAt ? { renewFrom } : {}),
    ...(grant.refresh_token ? { refreshToken: grant.refresh_token } : {}),
    ...(grant.scope ? { scope: grant.scope } : {}),
  };
}
