import type { Installation, InstallationStore, RenewalLease, StoredToken, TokenRef, UserGrant } from './installation';
import { tokenRefKey } from './installation';

/** The in-memory InstallationStore: a real implementation for tests and single-process use. */
export function createMemoryInstallationStore(): InstallationStore {
  const installations = new Map<string, Installation>();
  const grants = new Map<string, UserGrant>();
  const leases = new Map<string, RenewalLease>();

  const userKey = (workspaceId: string, userId: string) => `${workspaceId}:${userId}`;
  const tokenOf = (ref: TokenRef): StoredToken | undefined =>
    ref.kind === 'bot'
      ? installations.get(ref.workspaceId)?.botToken
      : grants.get(userKey(ref.workspaceId, ref.userId))?.token;
  const exists = (ref: TokenRef): boolean =>
    ref.kind === 'bot' ? installations.has(ref.workspaceId) : grants.has(userKey(ref.workspaceId, ref.userId));

  return {
    async getInstallation(workspaceId) {
      return installations.get(workspaceId);
    },
    async findInstallation(installationId) {
      return [...installations.values()].find((entry) => entry.installationId === installationId);
    },
    async putInstallation(installation) {
      installations.set(installation.workspaceId, installation);
      leases.delete(tokenRefKey({ kind: 'bot', workspaceId: installation.workspaceId }));
    },
    async listInstallations() {
      return [...installations.values()].sort((a, b) => a.workspaceSlug.localeCompare(b.workspaceSlug));
    },
    async setInstallationStatus(workspaceId, status, now) {
      const current = installations.get(workspaceId);
      if (current) installations.set(workspaceId, { ...current, status, updatedAt: now });
    },
    async recordRefusal(workspaceId, reason, now, confirmAfterMs) {
      const current = installations.get(workspaceId);
      if (!current) return 'unconfirmed';
      if (current.refusedAt === undefined) {
        installations.set(workspaceId, { ...current, refusedAt: now, refusal: reason });
        return 'first';
      }
      if (current.refusedAt > now - confirmAfterMs) return 'unconfirmed';
      installations.set(workspaceId, { ...current, status: 'reinstall_needed', updatedAt: now });
      return 'confirmed';
    },
    async getUserGrant(workspaceId, userId) {
      return grants.get(userKey(workspaceId, userId));
    },
    async putUserGrant(grant) {
      grants.set(userKey(grant.workspaceId, grant.userId), grant);
    },
    async getToken(ref) {
      return tokenOf(ref);
    },
    async getRenewal(ref) {
      const token = tokenOf(ref);
      const lease = leases.get(tokenRefKey(ref));
      return { ...(token ? { token } : {}), ...(lease ? { lease } : {}) };
    },
    async acquireRenewalLease(ref, owner, leaseUntil, now, rejected, options = {}) {
      if (!exists(ref)) return false;
      const lease = leases.get(tokenRefKey(ref));
      if (lease && lease.until > now && lease.owner !== owner) return false;
      const token = tokenOf(ref);
      const due =
        !token ||
        token.renewAt <= now ||
        token.accessToken === rejected ||
        (options.early === true && token.renewFrom !== undefined && token.renewFrom <= now);
      if (!due) return false;
      leases.set(tokenRefKey(ref), { owner, until: leaseUntil });
      return true;
    },
    async passRenewalLease(ref, from, to, now) {
      const lease = leases.get(tokenRefKey(ref));
      if (!lease || lease.owner !== from || lease.until < now) return false;
      leases.set(tokenRefKey(ref), { ...to });
      return true;
    },
    async saveRenewedToken(ref, _owner, token, now) {
      // Like the DynamoDB store: the token Plane issued last wins, lease or not.
      if (ref.kind === 'bot') {
        const current = installations.get(ref.workspaceId);
        if (current) {
          const { refusedAt: _cleared, refusal: _too, ...rest } = current;
          installations.set(ref.workspaceId, { ...rest, botToken: token, updatedAt: now });
        }
      } else {
        const current = grants.get(userKey(ref.workspaceId, ref.userId));
        if (current) grants.set(userKey(ref.workspaceId, ref.userId), { ...current, token, updatedAt: now });
      }
      leases.delete(tokenRefKey(ref));
    },
    async releaseRenewalLease(ref, owner) {
      if (leases.get(tokenRefKey(ref))?.owner === owner) leases.delete(tokenRefKey(ref));
    },
  };
}
