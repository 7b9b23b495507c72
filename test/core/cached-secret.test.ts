import { createCachedSecret } from '../../lambdas/core/cached-secret';
import { fakeClock } from './helpers';

/** A secret source: answers from `values` in turn (an Error entry fails that read), and counts reads. */
function source(values: ReadonlyArray<string | Error>) {
  let reads = 0;
  const read = async (): Promise<string> => {
    const value = values[Math.min(reads, values.length - 1)];
    reads += 1;
    if (value === undefined) throw new Error('no value scripted');
    if (value instanceof Error) throw value;
    return value;
  };
  return { read, reads: () => reads };
}

describe('createCachedSecret', () => {
  it('reads the secret on first use', async () => {
    const secret = source(['v1']);
    await expect(createCachedSecret(secret.read, { clock: fakeClock().now }).get()).resolves.toBe('v1');
  });

  it('serves the cached value within the TTL without reading again', async () => {
    const clock = fakeClock();
    const secret = source(['v1', 'v2']);
    const cached = createCachedSecret(secret.read, { ttlMs: 60_000, clock: clock.now });
    await cached.get();
    clock.advance(59_999);
    expect([await cached.get(), secret.reads()]).toEqual(['v1', 1]);
  });

  it('reads again once the TTL has passed', async () => {
    const clock = fakeClock();
    const secret = source(['v1', 'v2']);
    const cached = createCachedSecret(secret.read, { ttlMs: 60_000, clock: clock.now });
    await cached.get();
    clock.advance(60_000);
    expect([await cached.get(), secret.reads()]).toEqual(['v2', 2]);
  });

  it('defaults the TTL to 5 minutes', async () => {
    const clock = fakeClock();
    const secret = source(['v1', 'v2']);
    const cached = createCachedSecret(secret.read, { clock: clock.now });
    await cached.get();
    clock.advance(299_999);
    const before = await cached.get();
    clock.advance(1);
    expect([before, await cached.get()]).toEqual(['v1', 'v2']);
  });

  it('shares one read among concurrent callers', async () => {
    const secret = source(['v1']);
    const cached = createCachedSecret(secret.read, { clock: fakeClock().now });
    const values = await Promise.all([cached.get(), cached.get(), cached.refreshIfOlderThan(0)]);
    expect([values, secret.reads()]).toEqual([['v1', 'v1', 'v1'], 1]);
  });

  it('rejects when the first read fails', async () => {
    const failure = new Error('AccessDeniedException');
    const cached = createCachedSecret(source([failure]).read, { clock: fakeClock().now });
    await expect(cached.get()).rejects.toBe(failure);
  });

  it('does not cache a failed read: the next call reads again', async () => {
    const secret = source([new Error('throttled'), 'v1']);
    const cached = createCachedSecret(secret.read, { clock: fakeClock().now });
    await cached.get().catch(() => undefined);
    expect([await cached.get(), secret.reads()]).toEqual(['v1', 2]);
  });

  it('keeps serving the stale value when a refresh fails', async () => {
    const clock = fakeClock();
    const cached = createCachedSecret(source(['v1', new Error('Secrets Manager is down')]).read, {
      ttlMs: 1000,
      clock: clock.now,
    });
    await cached.get();
    clock.advance(5000);
    await expect(cached.get()).resolves.toBe('v1');
  });

  it('tries again on the next call after a failed refresh', async () => {
    const clock = fakeClock();
    const secret = source(['v1', new Error('blip'), 'v2']);
    const cached = createCachedSecret(secret.read, { ttlMs: 1000, clock: clock.now });
    await cached.get();
    clock.advance(5000);
    await cached.get();
    expect([await cached.get(), secret.reads()]).toEqual(['v2', 3]);
  });
});

describe('createCachedSecret.refreshIfOlderThan', () => {
  it('returns undefined, without reading, when the value is younger than minAgeMs', async () => {
    const clock = fakeClock();
    const secret = source(['v1', 'v2']);
    const cached = createCachedSecret(secret.read, { clock: clock.now });
    await cached.get();
    clock.advance(29_999);
    expect([await cached.refreshIfOlderThan(30_000), secret.reads()]).toEqual([undefined, 1]);
  });

  it('reads again and returns the new value when the value is older than minAgeMs', async () => {
    const clock = fakeClock();
    const secret = source(['v1', 'v2']);
    const cached = createCachedSecret(secret.read, { clock: clock.now });
    await cached.get();
    clock.advance(30_000);
    expect(await cached.refreshIfOlderThan(30_000)).toBe('v2');
  });

  it('makes get return the refreshed value', async () => {
    const clock = fakeClock();
    const cached = createCachedSecret(source(['v1', 'v2']).read, { clock: clock.now });
    await cached.get();
    clock.advance(30_000);
    await cached.refreshIfOlderThan(30_000);
    expect(await cached.get()).toBe('v2');
  });

  it('reads when nothing is cached yet', async () => {
    const secret = source(['v1']);
    const cached = createCachedSecret(secret.read, { clock: fakeClock().now });
    expect([await cached.refreshIfOlderThan(30_000), secret.reads()]).toEqual(['v1', 1]);
  });
});
