import type { Installation, InstallationStore, StoredToken } from '../../lambdas/core/installation';

const NOW = 1_800_000_000_000;
const TEN_MINUTES = 600_000;

function installation(overrides: Partial<Installation> = {}): Installation {
  return {
    workspaceId: 'ws-1',
    workspaceSlug: 'acme',
    workspaceName: 'Acme',
    installationId: 'inst-1',
    botUserId: 'bot-1',
    status: 'installed',
    installedBy: 'user-1',
    botToken: { accessToken: 'bot-token-1', expiresAt: NOW + 3_600_000, renewAt: NOW + 3_300_000 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const token = (accessToken: string, renewAt: number, extra: Partial<StoredToken> = {}): StoredToken => ({
  accessToken,
  renewAt,
  expiresAt: renewAt + 300_000,
  ...extra,
});

/** The behaviour every InstallationStore implementation must have. */
export function installationStoreContract(name: string, makeStore: () => Promise<InstallationStore>): void {
  describe(`${name} (InstallationStore contract)`, () => {
    let store: InstallationStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    test('an installation reads back as it was stored', async () => {
      await store.putInstallation(installation());
      expect(await store.getInstallation('ws-1')).toEqual(installation());
    });

    test('an unknown workspace has no installation', async () => {
      expect(await store.getInstallation('nope')).toBeUndefined();
    });

    test('a re-install replaces the record of the same workspace', async () => {
      await store.putInstallation(installation());
      await store.putInstallation(installation({ installationId: 'inst-2', botUserId: 'bot-2', updatedAt: NOW + 1 }));
      expect(await store.getInstallation('ws-1')).toMatchObject({ installationId: 'inst-2', botUserId: 'bot-2' });
      expect(await store.listInstallations()).toHaveLength(1);
    });

    test("an installation is found by Plane's installation id", async () => {
      await store.putInstallation(
        installation({ workspaceId: 'ws-b', workspaceSlug: 'beta', installationId: 'inst-b' }),
      );
      await store.putInstallation(installation());
      expect(await store.findInstallation('inst-b')).toEqual(
        installation({ workspaceId: 'ws-b', workspaceSlug: 'beta', installationId: 'inst-b' }),
      );
    });

    test('an unknown installation id finds nothing', async () => {
      await store.putInstallation(installation());
      expect(await store.findInstallation('inst-nope')).toBeUndefined();
    });

    test('after a reinstall under a new id, the old id finds nothing and the new one the record', async () => {
      await store.putInstallation(installation());
      await store.putInstallation(installation({ installationId: 'inst-2' }));
      expect([await store.findInstallation('inst-1'), (await store.findInstallation('inst-2'))?.workspaceId]).toEqual([
        undefined,
        'ws-1',
      ]);
    });

    test('the lookup by installation id adds no entry to the list', async () => {
      await store.putInstallation(installation());
      expect(await store.listInstallations()).toHaveLength(1);
    });

    test('installations are listed by workspace slug', async () => {
      await store.putInstallation(installation({ workspaceId: 'ws-b', workspaceSlug: 'beta' }));
      await store.putInstallation(installation({ workspaceId: 'ws-a', workspaceSlug: 'alpha' }));
      expect((await store.listInstallations()).map((entry) => entry.workspaceSlug)).toEqual(['alpha', 'beta']);
    });

    test('a status change keeps the rest of the record', async () => {
      await store.putInstallation(installation());
      await store.setInstallationStatus('ws-1', 'uninstalled', NOW + 5);
      expect(await store.getInstallation('ws-1')).toEqual({
        ...installation(),
        status: 'uninstalled',
        updatedAt: NOW + 5,
      });
    });

    test('a status change for an unknown workspace creates nothing', async () => {
      await store.setInstallationStatus('ghost', 'uninstalled', NOW);
      expect(await store.getInstallation('ghost')).toBeUndefined();
    });

    test('a first refusal is recorded with its time and reason, and changes no status', async () => {
      await store.putInstallation(installation());
      expect(await store.recordRefusal('ws-1', 'invalid_grant', NOW + 5, TEN_MINUTES)).toBe('first');
      expect(await store.getInstallation('ws-1')).toEqual({
        ...installation(),
        refusedAt: NOW + 5,
        refusal: 'invalid_grant',
      });
    });

    test('a refusal within the window of the first is not confirmed and keeps the first time', async () => {
      await store.putInstallation(installation());
      await store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES);
      expect(await store.recordRefusal('ws-1', 'invalid_grant', NOW + TEN_MINUTES - 1, TEN_MINUTES)).toBe(
        'unconfirmed',
      );
      expect(await store.getInstallation('ws-1')).toMatchObject({ status: 'installed', refusedAt: NOW });
    });

    test('a refusal the window after the first marks the installation reinstall_needed', async () => {
      await store.putInstallation(installation());
      await store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES);
      expect(await store.recordRefusal('ws-1', 'invalid_grant', NOW + TEN_MINUTES, TEN_MINUTES)).toBe('confirmed');
      expect(await store.getInstallation('ws-1')).toMatchObject({
        status: 'reinstall_needed',
        updatedAt: NOW + TEN_MINUTES,
      });
    });

    test('of two first refusals at once, one is first', async () => {
      await store.putInstallation(installation());
      const verdicts = await Promise.all([
        store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES),
        store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES),
      ]);
      expect(verdicts.sort()).toEqual(['first', 'unconfirmed']);
    });

    test('a renewed bot token clears an unconfirmed refusal', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      await store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES);
      await store.saveRenewedToken({ kind: 'bot', workspaceId: 'ws-1' }, 'a', token('new', NOW + 3_000_000), NOW + 1);
      const after = await store.getInstallation('ws-1');
      expect([after?.refusedAt, after?.refusal]).toEqual([undefined, undefined]);
      expect(await store.recordRefusal('ws-1', 'invalid_grant', NOW + TEN_MINUTES, TEN_MINUTES)).toBe('first');
    });

    test('a reinstall clears the refusal and the status', async () => {
      await store.putInstallation(installation());
      await store.recordRefusal('ws-1', 'invalid_grant', NOW, TEN_MINUTES);
      await store.recordRefusal('ws-1', 'invalid_grant', NOW + TEN_MINUTES, TEN_MINUTES);
      await store.putInstallation(installation({ updatedAt: NOW + TEN_MINUTES + 1 }));
      expect(await store.getInstallation('ws-1')).toEqual(installation({ updatedAt: NOW + TEN_MINUTES + 1 }));
    });

    test('a refusal for an unknown workspace creates nothing', async () => {
      expect(await store.recordRefusal('ghost', 'invalid_grant', NOW, TEN_MINUTES)).toBe('unconfirmed');
      expect(await store.getInstallation('ghost')).toBeUndefined();
    });

    test('the renewal lease is refused while the token is fresh', async () => {
      await store.putInstallation(installation());
      expect(await store.acquireRenewalLease({ kind: 'bot', workspaceId: 'ws-1' }, 'a', NOW + 10_000, NOW)).toBe(false);
    });

    test('only one caller gets the lease on a due token', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;
      expect(await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW)).toBe(true);
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 10_000, NOW)).toBe(false);
    });

    test('an expired lease can be taken over', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;
      await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW);
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 30_000, NOW + 20_000)).toBe(true);
    });

    test('a rejected token can be renewed even though it looks fresh', async () => {
      await store.putInstallation(installation());
      expect(
        await store.acquireRenewalLease({ kind: 'bot', workspaceId: 'ws-1' }, 'a', NOW + 10_000, NOW, 'bot-token-1'),
      ).toBe(true);
    });

    test('there is no lease for a workspace that is not stored', async () => {
      expect(await store.acquireRenewalLease({ kind: 'bot', workspaceId: 'ghost' }, 'a', NOW + 10_000, NOW)).toBe(
        false,
      );
    });

    test('saving a renewed token releases the lease, and the new token is not renewed again', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;
      await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW);
      await store.saveRenewedToken(ref, 'a', token('new', NOW + 3_000_000), NOW + 1);
      expect(await store.getToken(ref)).toEqual(token('new', NOW + 3_000_000));
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 10_000, NOW + 2)).toBe(false);
      expect(await store.getInstallation('ws-1')).toMatchObject({ workspaceSlug: 'acme', updatedAt: NOW + 1 });
    });

    test('the owner of a lease can extend it, and others still cannot take it', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;
      await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW);
      expect(await store.acquireRenewalLease(ref, 'a', NOW + 60_000, NOW + 1)).toBe(true);
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 70_000, NOW + 20_000)).toBe(false);
    });

    test('a released lease can be taken by another caller', async () => {
      await store.putInstallation(installation({ botToken: token('old', NOW - 1) }));
      const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;
      await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW);
      await store.releaseRenewalLease(ref, 'a');
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 10_000, NOW)).toBe(true);
    });

    test('a user grant and its rotated refresh token are stored in one write', async () => {
      const ref = { kind: 'user', workspaceId: 'ws-1', userId: 'u-1' } as const;
      await store.putUserGrant({
        workspaceId: 'ws-1',
        userId: 'u-1',
        token: token('user-1', NOW - 1, { refreshToken: 'refresh-1' }),
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(await store.acquireRenewalLease(ref, 'a', NOW + 10_000, NOW)).toBe(true);
      await store.saveRenewedToken(
        ref,
        'a',
        token('user-2', NOW + 3_000_000, { refreshToken: 'refresh-2', scope: 'read write' }),
        NOW + 1,
      );
      expect(await store.getUserGrant('ws-1', 'u-1')).toEqual({
        workspaceId: 'ws-1',
        userId: 'u-1',
        token: token('user-2', NOW + 3_000_000, { refreshToken: 'refresh-2', scope: 'read write' }),
        createdAt: NOW,
        updatedAt: NOW + 1,
      });
    });

    test('user grants are kept apart from installations', async () => {
      await store.putUserGrant({
        workspaceId: 'ws-1',
        userId: 'u-1',
        token: token('user-1', NOW),
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(await store.listInstallations()).toEqual([]);
      expect(await store.getUserGrant('ws-1', 'u-2')).toBeUndefined();
    });
  });
}
