import type { ClaimResult, DedupStore, OAuthState, OAuthStateStore } from './ports';

/** In-memory DedupStore with the same expiry rules as the DynamoDB one. */
export function createMemoryDedupStore(): DedupStore {
  const records = new Map<string, { status: 'in_progress' | 'done'; until: number }>();
  return {
    async claim(key, now, leaseUntil): Promise<ClaimResult> {
      const current = records.get(key);
      if (current && current.until > now) return current.status;
      records.set(key, { status: 'in_progress', until: leaseUntil });
      return 'claimed';
    },
    async complete(key, expiresAt) {
      records.set(key, { status: 'done', until: expiresAt });
    },
    async release(key) {
      if (records.get(key)?.status === 'in_progress') records.delete(key);
    },
  };
}

export function createMemoryStateStore(): OAuthStateStore {
  const states = new Map<string, OAuthState>();
  return {
    async create(state) {
      states.set(state.id, state);
    },
    async consume(id, now) {
      const state = states.get(id);
      states.delete(id);
      return state && state.expiresAt > now ? state : undefined;
    },
  };
}
