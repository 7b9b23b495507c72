import type { Clock, SecretReader } from './ports';
import { systemClock } from './ports';

export interface CachedSecret {
  /** The cached value, read again once it is older than `ttlMs`. */
  get(): Promise<string>;
  /** Reads the value again if the cached one is older than `minAgeMs` (e.g. after a failed match). */
  refreshIfOlderThan(minAgeMs: number): Promise<string | undefined>;
}

/**
 * Caches a secret for `ttlMs` (default 5 minutes). Concurrent callers share one read. A failed
 * read is not cached, and a stale value keeps being served if a refresh fails (so a Secrets
 * Manager blip does not take the webhook down once a value is known).
 */
export function createCachedSecret(read: SecretReader, options: { ttlMs?: number; clock?: Clock } = {}): CachedSecret {
  const ttlMs = options.ttlMs ?? 300_000;
  const clock = options.clock ?? systemClock;
  let value: string | undefined;
  let readAt = 0;
  let pending: Promise<string> | undefined;

  const load = (): Promise<string> => {
    pending ??= read()
      .then((fresh) => {
        value = fresh;
        readAt = clock();
        return fresh;
      })
      .catch((error: unknown) => {
        if (value !== undefined) return value;
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    async get() {
      if (value !== undefined && clock() - readAt < ttlMs) return value;
      return load();
    },
    async refreshIfOlderThan(minAgeMs) {
      if (value !== undefined && clock() - readAt < minAgeMs) return undefined;
      return load();
    },
  };
}
