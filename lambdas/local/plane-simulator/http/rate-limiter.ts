/** The state of one bucket after a request was counted. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** When the window ends, epoch seconds (`X-RateLimit-Reset`). */
  readonly resetAt: number;
  /** Seconds to wait before trying again (`Retry-After`), at least 1. */
  readonly retryAfter: number;
}

/** Fixed-window counters keyed by caller (client id, IP, API key, token). */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): RateDecision;
}

/** Creates a limiter over an injectable clock (epoch ms). */
export function createRateLimiter(clock: () => number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, limit, windowMs) {
      const now = clock();
      let window = windows.get(key);
      if (!window || now >= window.start + windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      const end = window.start + windowMs;
      return {
        allowed: window.count <= limit,
        limit,
        remaining: Math.max(0, limit - window.count),
        resetAt: Math.ceil(end / 1000),
        retryAfter: Math.max(1, Math.ceil((end - now) / 1000)),
      };
    },
  };
}

/** Plane's throttling answer body. */
export const TOO_MANY_REQUESTS = {
  error_code: 5900,
  error_message: 'Too many requests. Please try again later.',
} as const;
