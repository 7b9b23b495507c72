import type { ClaimResult, DedupStore, OAuthState, OAuthStateStore, RateBudget } from './ports';
import { firstFreeSlot, withSlot } from './sliding-schedule';

/** In-memory DedupStore with the same expiry and owner rules as the DynamoDB one. */
export function createMemoryDedupStore(): DedupStore {
  const records = new Map<string, { status: 'in_progress' | 'done'; owner: string; until: number }>();
  const heldBy = (key: string, owner: string) => {
    const current = records.get(key);
    return current?.status === 'in_progress' && current.owner === owner;
  };
  return {
    async claim(key, owner, now, leaseUntil): Promise<ClaimResult> {
      const current = records.get(key);
      if (current && current.until > now) return current.status;
      records.set(key, { status: 'in_progress', owner, until: leaseUntil });
      return 'claimed';
    },
    async complete(key, owner, expiresAt) {
      if (!heldBy(key, owner)) return false;
      records.set(key, { status: 'done', owner, until: expiresAt });
      return true;
    },
    async release(key, owner) {
      if (heldBy(key, owner)) records.delete(key);
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

/** In-memory RateBudget with the same windows and schedules as the DynamoDB one. */
export function createMemoryRateBudget(): RateBudget {
  const taken = new Map<string, number>();
  const logs = new Map<string, number[]>();
  return {
    async take(name, limit, windowMs, now) {
      const key = `${name}#${Math.floor(now / windowMs)}`;
      const count = taken.get(key) ?? 0;
      if (count >= limit) return false;
      taken.set(key, count + 1);
      return true;
    },
    async reserve(name, request) {
      const slots = logs.get(name) ?? [];
      const slotAt = firstFreeSlot(slots, request);
      if (slotAt > request.latest) return { freeAt: slotAt };
      logs.set(name, withSlot(slots, slotAt, request.limit));
      return { slotAt };
    },
  };
}
