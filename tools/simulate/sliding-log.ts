/**
 * Django REST framework's SimpleRateThrottle, which Plane's throttles build on
 * (apps/api/plane/api/rate_limit.py and apps/api/plane/authentication/rate_limit.py in
 * makeplane/plane): a request is allowed when fewer than `limit` allowed requests fall in the last
 * `windowMs` (a request exactly `windowMs` old no longer counts); refused requests are not
 * recorded. The Retry-After it would give is when the oldest counted request leaves the window.
 */
export interface SlidingLog {
  /** Counts the request if it is allowed; otherwise says how long until one would be. */
  hit(key: string, now: number): { allowed: true } | { allowed: false; retryAfterMs: number };
}

export function createSlidingLog(limit: number, windowMs: number): SlidingLog {
  // The last `limit` allowed times of each key, as a ring: slot `count % limit` holds the oldest.
  const rings = new Map<string, { times: number[]; count: number }>();
  return {
    hit(key, now) {
      let ring = rings.get(key);
      if (!ring) {
        ring = { times: [], count: 0 };
        rings.set(key, ring);
      }
      if (ring.count >= limit) {
        const oldest = ring.times[ring.count % limit];
        if (oldest > now - windowMs) return { allowed: false, retryAfterMs: oldest + windowMs - now };
      }
      ring.times[ring.count % limit] = now;
      ring.count += 1;
      return { allowed: true };
    },
  };
}
