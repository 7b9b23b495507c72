import { DeadlineError, ReinstallNeededError } from '../../lambdas/core/errors';
import { REFUSAL_CONFIRM_MS } from '../../lambdas/core/grant-refusals';
import { type InstallationStore, type StoredToken, tokenFromGrant } from '../../lambdas/core/installation';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import type { OAuthClient, TokenResponse } from '../../lambdas/core/oauth-client';
import { TokenGrantError } from '../../lambdas/core/plane-errors';
import { createTokenManager, type TokenManagerOptions } from '../../lambdas/core/token-manager';
import { captureLogger, type FakeClock, fakeClock, fakeSleep, makeInstallation, rejection, T0 } from './helpers';

const WS = 'ws-1';
const INSTALLATION_ID = 'inst-7f3e2d1c';
const HOUR = 3_600_000;

const freshToken = (accessToken: string, now = T0): StoredToken => ({
  accessToken,
  expiresAt: now + 10 * HOUR,
  renewAt: now + 9 * HOUR,
});
const dueToken = (accessToken: string, now = T0): StoredToken => ({
  accessToken,
  expiresAt: now + 60_000,
  renewAt: now - 1,
});
const expiredToken = (accessToken: string, now = T0): StoredToken => ({
  accessToken,
  expiresAt: now - 1,
  renewAt: now - 301_000,
});

type GrantCall = { kind: 'botToken' | 'refresh'; arg: string };

/** An OAuthClient whose token calls are recorded and answered by `answer` (after one event-loop turn). */
function fakeOAuth(answer: (call: GrantCall, index: number) => TokenResponse | Error) {
  const calls: GrantCall[] = [];
  const grant = async (call: GrantCall): Promise<TokenResponse> => {
    calls.push(call);
    const result = answer(call, calls.length - 1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (result instanceof Error) throw result;
    return result;
  };
  const unexpected = (name: string) => async (): Promise<never> => {
    throw new Error(`unexpected OAuth call ${name}`);
  };
  const oauth: OAuthClient = {
    authorizeUrl: () => {
      throw new Error('unexpected OAuth call authorizeUrl');
    },
    botToken: (id) => grant({ kind: 'botToken', arg: id }),
    exchangeCode: unexpected('exchangeCode'),
    refresh: (refreshToken) => grant({ kind: 'refresh', arg: refreshToken }),
    getInstallations: unexpected('getInstallations'),
    getCurrentUser: unexpected('getCurrentUser'),
  };
  return { oauth, calls };
}

const issued =
  (accessToken: string, extra: Partial<TokenResponse> = {}) =>
  (): TokenResponse => ({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 36_000,
    ...extra,
  });

/** Wraps a store and counts calls per method (to show what the memory cache saves). */
function countingStore(inner: InstallationStore): { store: InstallationStore; calls: string[] } {
  const calls: string[] = [];
  const store: InstallationStore = {
    getInstallation: (workspaceId) => {
      calls.push('getInstallation');
      return inner.getInstallation(workspaceId);
    },
    findInstallation: (installationId) => {
      calls.push('findInstallation');
      return inner.findInstallation(installationId);
    },
    putInstallation: (installation) => {
      calls.push('putInstallation');
      return inner.putInstallation(installation);
    },
    listInstallations: () => {
      calls.push('listInstallations');
      return inner.listInstallations();
    },
    setInstallationStatus: (id, status, now) => {
      calls.push('setInstallationStatus');
      return inner.setInstallationStatus(id, status, now);
    },
    recordRefusal: (id, reason, now, confirmAfterMs) => {
      calls.push('recordRefusal');
      return inner.recordRefusal(id, reason, now, confirmAfterMs);
    },
    getUserGrant: (workspaceId, userId) => {
      calls.push('getUserGrant');
      return inner.getUserGrant(workspaceId, userId);
    },
    putUserGrant: (grant) => {
      calls.push('putUserGrant');
      return inner.putUserGrant(grant);
    },
    getToken: (ref) => {
      calls.push('getToken');
      return inner.getToken(ref);
    },
    getRenewal: (ref) => {
      calls.push('getRenewal');
      return inner.getRenewal(ref);
    },
    acquireRenewalLease: (ref, owner, until, now, rejected, options) => {
      calls.push('acquireRenewalLease');
      return inner.acquireRenewalLease(ref, owner, until, now, rejected, options);
    },
    passRenewalLease: (ref, from, to, now) => {
      calls.push('passRenewalLease');
      return inner.passRenewalLease(ref, from, to, now);
    },
    saveRenewedToken: (ref, owner, token, now) => {
      calls.push(`saveRenewedToken:${JSON.stringify(token)}`);
      return inner.saveRenewedToken(ref, owner, token, now);
    },
    releaseRenewalLease: (ref, owner) => {
      calls.push('releaseRenewalLease');
      return inner.releaseRenewalLease(ref, owner);
    },
  };
  return { store, calls };
}

async function storeWith(botToken?: StoredToken): Promise<InstallationStore> {
  const store = createMemoryInstallationStore();
  await store.putInstallation(makeInstallation({ workspaceId: WS, installationId: INSTALLATION_ID, botToken }));
  return store;
}

function manager(
  store: InstallationStore,
  oauth: OAuthClient,
  clock: FakeClock,
  extra: Partial<TokenManagerOptions> = {},
) {
  return createTokenManager({
    store,
    oauth,
    clock: clock.now,
    sleep: fakeSleep(clock).sleep,
    random: () => 0.5,
    pollMs: 10,
    ...extra,
  });
}

describe('tokenFromGrant', () => {
  it('renews 5 minutes before expiry for a long-lived token, and early from 70% of its life by default', () => {
    expect(tokenFromGrant({ access_token: 't', expires_in: 36_000 }, T0)).toEqual({
      accessToken: 't',
      expiresAt: T0 + 36_000_000,
      renewAt: T0 + 35_700_000,
      renewFrom: T0 + 25_200_000,
    });
  });

  it('spreads early renewal between half and 90% of the lifetime', () => {
    const from = (spread: number) => tokenFromGrant({ access_token: 't', expires_in: 36_000 }, T0, spread).renewFrom;
    expect([from(0), from(1), from(-3), from(7)]).toEqual([
      T0 + 18_000_000,
      T0 + 32_400_000,
      T0 + 18_000_000,
      T0 + 32_400_000,
    ]);
  });

  it('has no early renewal for a token too short for one', () => {
    expect(tokenFromGrant({ access_token: 't', expires_in: 600 }, T0, 0).renewFrom).toBeUndefined();
  });

  it('renews at half the lifetime for a token shorter than 10 minutes', () => {
    expect(tokenFromGrant({ access_token: 't', expires_in: 400 }, T0).renewAt).toBe(T0 + 200_000);
  });

  it('assumes one hour when expires_in is missing', () => {
    expect(tokenFromGrant({ access_token: 't' }, T0).expiresAt).toBe(T0 + HOUR);
  });

  it('assumes one hour when expires_in is zero', () => {
    expect(tokenFromGrant({ access_token: 't', expires_in: 0 }, T0).expiresAt).toBe(T0 + HOUR);
  });

  it('keeps the refresh token and the scope', () => {
    expect(
      tokenFromGrant({ access_token: 't', expires_in: 600, refresh_token: 'r', scope: 'read write' }, T0),
    ).toMatchObject({
      refreshToken: 'r',
      scope: 'read write',
    });
  });
});

describe('createTokenManager bot tokens', () => {
  it('returns a fresh stored token without a grant', async () => {
    const { oauth, calls } = fakeOAuth(issued('new'));
    const token = await manager(await storeWith(freshToken('stored')), oauth, fakeClock()).getBotToken(WS);
    expect([token, calls.length]).toEqual(['stored', 0]);
  });

  it('renews a token past renewAt with a client-credentials grant for the installation', async () => {
    const { oauth, calls } = fakeOAuth(issued('new'));
    const token = await manager(await storeWith(dueToken('stored')), oauth, fakeClock()).getBotToken(WS);
    expect([token, calls]).toEqual(['new', [{ kind: 'botToken', arg: INSTALLATION_ID }]]);
  });

  it('renews an expired token', async () => {
    const { oauth } = fakeOAuth(issued('new'));
    await expect(manager(await storeWith(expiredToken('stored')), oauth, fakeClock()).getBotToken(WS)).resolves.toBe(
      'new',
    );
  });

  it('obtains a token for an installation that has none stored', async () => {
    const { oauth } = fakeOAuth(issued('first'));
    await expect(manager(await storeWith(undefined), oauth, fakeClock()).getBotToken(WS)).resolves.toBe('first');
  });

  it('stores the renewed token with expiry and renewal computed from expires_in', async () => {
    const store = await storeWith(dueToken('stored'));
    const { oauth } = fakeOAuth(issued('new'));
    await manager(store, oauth, fakeClock()).getBotToken(WS);
    expect(await store.getToken({ kind: 'bot', workspaceId: WS })).toEqual({
      accessToken: 'new',
      expiresAt: T0 + 36_000_000,
      renewAt: T0 + 35_700_000,
      renewFrom: T0 + 25_200_000,
    });
  });

  it('serves the second call from memory without reading the token from the store', async () => {
    const counting = countingStore(await storeWith(freshToken('stored')));
    const { oauth } = fakeOAuth(issued('new'));
    const tokens = manager(counting.store, oauth, fakeClock());
    await tokens.getBotToken(WS);
    const readsAfterFirst = counting.calls.length;
    await tokens.getBotToken(WS);
    expect(counting.calls.length).toBe(readsAfterFirst);
  });

  it('renews a token cached in memory once its renewAt has passed', async () => {
    const clock = fakeClock();
    const { oauth, calls } = fakeOAuth(issued('new'));
    const tokens = manager(await storeWith(freshToken('stored')), oauth, clock);
    await tokens.getBotToken(WS);
    clock.advance(9 * HOUR);
    await expect(tokens.getBotToken(WS)).resolves.toBe('new');
    expect(calls).toHaveLength(1);
  });

  it('makes exactly one grant for 20 concurrent calls on one manager', async () => {
    const { oauth, calls } = fakeOAuth(issued('new'));
    const tokens = manager(await storeWith(expiredToken('stored')), oauth, fakeClock());
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getBotToken(WS)));
    expect([calls.length, new Set(results)]).toEqual([1, new Set(['new'])]);
  });

  it('makes exactly one grant for 20 managers (20 Lambdas) sharing one store', async () => {
    const clock = fakeClock();
    const store = await storeWith(expiredToken('stored'));
    const { oauth, calls } = fakeOAuth(issued('new'));
    const managers = Array.from({ length: 20 }, () => manager(store, oauth, clock));
    const results = await Promise.all(managers.map((m) => m.getBotToken(WS)));
    expect([calls.length, results]).toEqual([1, Array.from({ length: 20 }, () => 'new')]);
  });

  it('renews a fresh-looking token that Plane just rejected', async () => {
    const { oauth, calls } = fakeOAuth(issued('new'));
    const tokens = manager(await storeWith(freshToken('stored')), oauth, fakeClock());
    const token = await tokens.getBotToken(WS, { rejected: 'stored' });
    expect([token, calls.length]).toEqual(['new', 1]);
  });

  it('does not renew again when the rejected token was already replaced', async () => {
    const { oauth, calls } = fakeOAuth(issued('newer'));
    const tokens = manager(await storeWith(freshToken('already-renewed')), oauth, fakeClock());
    const token = await tokens.getBotToken(WS, { rejected: 'older' });
    expect([token, calls.length]).toEqual(['already-renewed', 0]);
  });

  it('throws ReinstallNeededError, without a grant, when no installation is stored', async () => {
    const { oauth, calls } = fakeOAuth(issued('new'));
    const error = await rejection(manager(createMemoryInstallationStore(), oauth, fakeClock()).getBotToken(WS));
    expect([error instanceof ReinstallNeededError, calls.length]).toEqual([true, 0]);
  });
});

describe('createTokenManager renewal leases', () => {
  it('takes over a renewal whose lease expired (a Lambda died mid-renewal)', async () => {
    const store = await storeWith(expiredToken('stored'));
    await store.acquireRenewalLease({ kind: 'bot', workspaceId: WS }, 'dead-lambda', T0 + 15_000, T0);
    const { oauth, calls } = fakeOAuth(issued('new'));
    const token = await manager(store, oauth, fakeClock(), { pollMs: 1000 }).getBotToken(WS);
    expect([token, calls.length]).toEqual(['new', 1]);
  });

  it('gives up with token_wait_timeout when another caller holds the lease past the deadline', async () => {
    const store = await storeWith(expiredToken('stored'));
    await store.acquireRenewalLease({ kind: 'bot', workspaceId: WS }, 'slow-lambda', T0 + 15_000, T0);
    const { oauth, calls } = fakeOAuth(issued('new'));
    const error = await rejection(
      manager(store, oauth, fakeClock(), { pollMs: 1000 }).getBotToken(WS, { deadline: T0 + 5_000 }),
    );
    expect([(error as { code?: unknown }).code, calls.length]).toEqual(['token_wait_timeout', 0]);
  });

  it('does not let every waiting Lambda call the rate-limited token endpoint in turn after a 429', async () => {
    const clock = fakeClock();
    const store = await storeWith(expiredToken('stored'));
    const { oauth, calls } = fakeOAuth(() => new TokenGrantError('client_credentials', 429, { error_code: 5900 }));
    const managers = Array.from({ length: 20 }, () => manager(store, oauth, clock, { pollMs: 150 }));
    await Promise.allSettled(managers.map((m) => m.getBotToken(WS)));
    expect(calls).toHaveLength(1);
  });
});

describe('createTokenManager refused grants', () => {
  const refused = () => new TokenGrantError('client_credentials', 400, { error: 'invalid_grant' });

  it('rethrows a first refusal as it is and records it on the installation, status unchanged', async () => {
    const store = await storeWith(expiredToken('stored'));
    const { oauth } = fakeOAuth(refused);
    const error = await rejection(manager(store, oauth, fakeClock()).getBotToken(WS));
    expect([(error as TokenGrantError).refused, (await store.getInstallation(WS))?.status]).toEqual([
      true,
      'installed',
    ]);
    expect((await store.getInstallation(WS))?.refusedAt).toBe(T0);
  });

  it('throws ReinstallNeededError and marks reinstall_needed on a refusal the window after the first', async () => {
    const clock = fakeClock();
    const store = await storeWith(expiredToken('stored'));
    const { oauth } = fakeOAuth(refused);
    const tokens = manager(store, oauth, clock);
    await rejection(tokens.getBotToken(WS));
    clock.advance(REFUSAL_CONFIRM_MS);
    const error = await rejection(tokens.getBotToken(WS));
    expect([error instanceof ReinstallNeededError, (error as ReinstallNeededError).workspaceId]).toEqual([true, WS]);
    expect((await store.getInstallation(WS))?.status).toBe('reinstall_needed');
  });

  it('confirms within refusalConfirmMs when it is given (local mode shortens the window), not before', async () => {
    const clock = fakeClock();
    const store = await storeWith(expiredToken('stored'));
    const { oauth } = fakeOAuth(refused);
    const tokens = manager(store, oauth, clock, { refusalConfirmMs: 20_000, leaseMs: 1_000 });
    await rejection(tokens.getBotToken(WS));
    clock.advance(10_000);
    const early = await rejection(tokens.getBotToken(WS));
    clock.advance(10_000);
    const confirmed = await rejection(tokens.getBotToken(WS));
    expect([early instanceof ReinstallNeededError, confirmed instanceof ReinstallNeededError]).toEqual([false, true]);
    expect((await store.getInstallation(WS))?.status).toBe('reinstall_needed');
  });

  it('throws ReinstallNeededError without another grant once the installation is marked', async () => {
    const clock = fakeClock();
    const { oauth, calls } = fakeOAuth(refused);
    const tokens = manager(await storeWith(expiredToken('stored')), oauth, clock);
    await rejection(tokens.getBotToken(WS));
    clock.advance(REFUSAL_CONFIRM_MS);
    await rejection(tokens.getBotToken(WS));
    clock.advance(60_000);
    const error = await rejection(tokens.getBotToken(WS));
    expect([error instanceof ReinstallNeededError, calls.length]).toEqual([true, 2]);
  });

  it.each([401, 403, 404, 408, 500, 502, 503])(
    'rethrows a %s grant error without recording a refusal',
    async (status) => {
      const store = await storeWith(expiredToken('stored'));
      const grantError = new TokenGrantError('client_credentials', status, { error_code: 5900 });
      const { oauth } = fakeOAuth(() => grantError);
      const error = await rejection(manager(store, oauth, fakeClock()).getBotToken(WS));
      const after = await store.getInstallation(WS);
      expect([error, after?.status, after?.refusedAt]).toEqual([grantError, 'installed', undefined]);
    },
  );

  it('defers the event on a 429 (a token_budget DeadlineError), without recording a refusal', async () => {
    const store = await storeWith(expiredToken('stored'));
    const grantError = new TokenGrantError('client_credentials', 429, { error_code: 5900 });
    const { oauth } = fakeOAuth(() => grantError);
    const error = await rejection(manager(store, oauth, fakeClock()).getBotToken(WS));
    const after = await store.getInstallation(WS);
    expect([error instanceof DeadlineError, (error as DeadlineError).code, (error as DeadlineError).cause]).toEqual([
      true,
      'token_budget',
      grantError,
    ]);
    expect([after?.status, after?.refusedAt]).toEqual(['installed', undefined]);
  });

  it('grants again when the deferred event comes back, no sooner than a minute after the 429', async () => {
    const clock = fakeClock();
    const sentAt: number[] = [];
    const { oauth, calls } = fakeOAuth((_call, index) => {
      sentAt.push(clock.now());
      return index === 0 ? new TokenGrantError('client_credentials', 429, {}) : issued('new')();
    });
    const tokens = manager(await storeWith(expiredToken('stored')), oauth, clock);
    const deferred = (await rejection(tokens.getBotToken(WS))) as DeadlineError;
    clock.advance(deferred.retryAfterMs ?? 0);
    await expect(tokens.getBotToken(WS)).resolves.toBe('new');
    expect([calls.length, sentAt[1] - sentAt[0] >= 60_000]).toEqual([2, true]);
  });
});

describe('createTokenManager user tokens', () => {
  const USER = 'user-42';

  async function userStore(token: StoredToken) {
    const store = createMemoryInstallationStore();
    await store.putUserGrant({ workspaceId: WS, userId: USER, token, createdAt: T0 - HOUR, updatedAt: T0 - HOUR });
    return store;
  }

  it('refreshes with the stored refresh token', async () => {
    const { oauth, calls } = fakeOAuth(issued('ut-2', { refresh_token: 'rt-2' }));
    await manager(await userStore({ ...expiredToken('ut-1'), refreshToken: 'rt-1' }), oauth, fakeClock()).getUserToken(
      WS,
      USER,
    );
    expect(calls).toEqual([{ kind: 'refresh', arg: 'rt-1' }]);
  });

  it('returns the refreshed access token', async () => {
    const { oauth } = fakeOAuth(issued('ut-2', { refresh_token: 'rt-2' }));
    const tokens = manager(await userStore({ ...expiredToken('ut-1'), refreshToken: 'rt-1' }), oauth, fakeClock());
    await expect(tokens.getUserToken(WS, USER)).resolves.toBe('ut-2');
  });

  it('stores the rotated refresh token in the same write as the new access token', async () => {
    const counting = countingStore(await userStore({ ...expiredToken('ut-1'), refreshToken: 'rt-1' }));
    const { oauth } = fakeOAuth(issued('ut-2', { refresh_token: 'rt-2' }));
    await manager(counting.store, oauth, fakeClock()).getUserToken(WS, USER);
    const writes = counting.calls.filter(
      (call) => call.startsWith('saveRenewedToken:') || call.startsWith('putUserGrant'),
    );
    expect(writes.map((w) => JSON.parse(w.slice('saveRenewedToken:'.length)) as StoredToken)).toEqual([
      {
        accessToken: 'ut-2',
        refreshToken: 'rt-2',
        expiresAt: T0 + 36_000_000,
        renewAt: T0 + 35_700_000,
        renewFrom: T0 + 25_200_000,
      },
    ]);
  });

  it('leaves the rotated refresh token in the store', async () => {
    const store = await userStore({ ...expiredToken('ut-1'), refreshToken: 'rt-1' });
    const { oauth } = fakeOAuth(issued('ut-2', { refresh_token: 'rt-2' }));
    await manager(store, oauth, fakeClock()).getUserToken(WS, USER);
    expect((await store.getUserGrant(WS, USER))?.token.refreshToken).toBe('rt-2');
  });

  it('returns a fresh user token without refreshing', async () => {
    const { oauth, calls } = fakeOAuth(issued('ut-2'));
    const token = await manager(
      await userStore({ ...freshToken('ut-1'), refreshToken: 'rt-1' }),
      oauth,
      fakeClock(),
    ).getUserToken(WS, USER);
    expect([token, calls.length]).toEqual(['ut-1', 0]);
  });

  it('throws ReinstallNeededError when no refresh token is stored', async () => {
    const { oauth, calls } = fakeOAuth(issued('ut-2'));
    const error = await rejection(
      manager(await userStore(expiredToken('ut-1')), oauth, fakeClock()).getUserToken(WS, USER),
    );
    expect([error instanceof ReinstallNeededError, calls.length]).toEqual([true, 0]);
  });
});

describe('createTokenManager when the store does not take a renewed token', () => {
  /** A store whose saveRenewedToken fails `failures` times (Infinity: always), then works. */
  function flakySave(inner: InstallationStore, failures: number) {
    let saves = 0;
    const store: InstallationStore = {
      ...inner,
      saveRenewedToken: (ref, owner, token, now) => {
        saves += 1;
        if (saves <= failures) return Promise.reject(new Error('DynamoDB is throttling'));
        return inner.saveRenewedToken(ref, owner, token, now);
      },
    };
    return { store, saves: () => saves };
  }

  it('retries the save and stores the token Plane issued', async () => {
    const inner = await storeWith(expiredToken('stored'));
    const { store, saves } = flakySave(inner, 2);
    const { oauth } = fakeOAuth(issued('new'));
    const token = await manager(store, oauth, fakeClock()).getBotToken(WS);
    expect([token, saves(), (await inner.getToken({ kind: 'bot', workspaceId: WS }))?.accessToken]).toEqual([
      'new',
      3,
      'new',
    ]);
  });

  it('keeps using a token it could not save, without asking Plane again, and logs it without the token', async () => {
    const clock = fakeClock();
    const { store, saves } = flakySave(await storeWith(expiredToken('stored')), Number.POSITIVE_INFINITY);
    const { oauth, calls } = fakeOAuth(issued('pln_bot_unsaved_token_0123456789'));
    const { log, lines } = captureLogger();
    const tokens = manager(store, oauth, clock, { log });
    const first = await tokens.getBotToken(WS);
    clock.advance(60_000);
    const second = await tokens.getBotToken(WS);
    const loud = lines.filter((line) => line.level === 'error');
    expect([first, second, calls.length, saves()]).toEqual([
      'pln_bot_unsaved_token_0123456789',
      'pln_bot_unsaved_token_0123456789',
      1,
      3,
    ]);
    expect(loud.map((line) => line.message)).toEqual([
      'renewed token not saved after 3 attempts: kept in this process only, so the next cold start asks Plane again',
    ]);
    expect(JSON.stringify(lines)).not.toContain('pln_bot_unsaved_token_0123456789');
  });

  it('refreshes a user token with the rotated refresh token it could not save, not the stale stored one', async () => {
    const clock = fakeClock();
    const inner = createMemoryInstallationStore();
    await inner.putUserGrant({
      workspaceId: WS,
      userId: 'user-42',
      token: { ...expiredToken('ut-1'), refreshToken: 'rt-1' },
      createdAt: T0 - HOUR,
      updatedAt: T0 - HOUR,
    });
    const { store } = flakySave(inner, Number.POSITIVE_INFINITY);
    const { oauth, calls } = fakeOAuth((_call, index) =>
      issued(`ut-${index + 2}`, { refresh_token: `rt-${index + 2}`, expires_in: 600 })(),
    );
    const tokens = manager(store, oauth, clock);
    await tokens.getUserToken(WS, 'user-42');
    clock.advance(400_000);
    await expect(tokens.getUserToken(WS, 'user-42')).resolves.toBe('ut-3');
    expect(calls).toEqual([
      { kind: 'refresh', arg: 'rt-1' },
      { kind: 'refresh', arg: 'rt-2' },
    ]);
  });
});
