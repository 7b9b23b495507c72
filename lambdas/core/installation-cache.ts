import type { Installation, InstallationStore } from './installation';
import type { Clock } from './ports';
import { systemClock } from './ports';

export interface InstallationLookup {
  get(workspaceId: string): Promise<Installation | undefined>;
  forget(workspaceId: string): void;
}

/**
 * Remembers installed workspaces a warm function has already read, for `ttlMs` (default 60 s), so
 * an event from a known workspace costs no DynamoDB read. Only `installed` records are kept:
 * a workspace in any other state (or unknown) is read again on its next event, so a reinstall
 * counts from the moment the callback stores it, not a minute later.
 */
export function createInstallationCache(
  store: InstallationStore,
  options: { ttlMs?: number; clock?: Clock } = {},
): InstallationLookup {
  const ttlMs = options.ttlMs ?? 60_000;
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, { installation: Installation; until: number }>();
  return {
    async get(workspaceId) {
      const hit = entries.get(workspaceId);
      if (hit && hit.until > clock()) return hit.installation;
      const installation = await store.getInstallation(workspaceId);
      if (installation?.status === 'installed') entries.set(workspaceId, { installation, until: clock() + ttlMs });
      else entries.delete(workspaceId);
      return installation;
    },
    forget(workspaceId) {
      entries.delete(workspaceId);
    },
  };
}
