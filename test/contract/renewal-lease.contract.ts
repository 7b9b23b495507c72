import type { Installation, InstallationStore, StoredToken } from '../../lambdas/core/installation';

const NOW = 1_800_000_000_000;
const ref = { kind: 'bot', workspaceId: 'ws-1' } as const;

const installation = (botToken: StoredToken): Installation => ({
  workspaceId: 'ws-1',
  workspaceSlug: 'acme',
  installationId: 'inst-1',
  botUserId: 'bot-1',
  status: 'installed',
  botToken,
  createdAt: NOW,
  updatedAt: NOW,
});

/** Usable for another hour; renewable early from 10 minutes from now. */
const early: StoredToken = {
  accessToken: 't',
  expiresAt: NOW + 3_900_000,
  renewAt: NOW + 3_600_000,
  renewFrom: NOW + 600_000,
};
/** Past its renewAt: due. */
const due: StoredToken = { accessToken: 'old', expiresAt: NOW + 300_000, renewAt: NOW - 1 };

/** How every InstallationStore keeps a token's renewal lease: early renewal, the lease's slot, handing it on. */
export function renewalLeaseContract(name: string, makeStore: () => Promise<InstallationStore>): void {
  describe(`${name} (renewal lease contract)`, () => {
    let store: InstallationStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    test('a token reads back with its renewFrom, and no lease while nobody holds one', async () => {
      await store.putInstallation(installation(early));
      expect(await store.getRenewal(ref)).toEqual({ token: early });
    });

    test('an early lease is taken only once renewFrom has passed, and a plain one only at renewAt', async () => {
      await store.putInstallation(installation(early));
      const before = NOW + 599_000;
      const after = NOW + 601_000;
      expect(await store.acquireRenewalLease(ref, 'a', before + 15_000, before, undefined, { early: true })).toBe(
        false,
      );
      expect(await store.acquireRenewalLease(ref, 'a', after + 15_000, after)).toBe(false);
      expect(await store.acquireRenewalLease(ref, 'a', after + 15_000, after, undefined, { early: true })).toBe(true);
      expect((await store.getRenewal(ref)).lease).toEqual({ owner: 'a', until: after + 15_000 });
    });

    test('a token stored without renewFrom is never renewed early', async () => {
      const { renewFrom: _none, ...plain } = early;
      await store.putInstallation(installation(plain));
      expect(
        await store.acquireRenewalLease(ref, 'a', NOW + 3_000_000, NOW + 2_000_000, undefined, { early: true }),
      ).toBe(false);
    });

    test('the holder hands its lease on, with the slot it waits for, and reads it back', async () => {
      await store.putInstallation(installation(due));
      await store.acquireRenewalLease(ref, 'a', NOW + 15_000, NOW);
      const booking = { owner: 'booking', until: NOW + 300_000, slotAt: NOW + 290_000 };
      expect(await store.passRenewalLease(ref, 'a', booking, NOW + 1)).toBe(true);
      expect((await store.getRenewal(ref)).lease).toEqual(booking);
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 15_000, NOW + 2)).toBe(false);
    });

    test('only the current holder can hand a lease on, and only before it runs out', async () => {
      await store.putInstallation(installation(due));
      await store.acquireRenewalLease(ref, 'a', NOW + 15_000, NOW);
      expect(await store.passRenewalLease(ref, 'b', { owner: 'b', until: NOW + 30_000 }, NOW + 1)).toBe(false);
      expect(await store.passRenewalLease(ref, 'a', { owner: 'c', until: NOW + 60_000 }, NOW + 15_001)).toBe(false);
      expect((await store.getRenewal(ref)).lease).toEqual({ owner: 'a', until: NOW + 15_000 });
    });

    test('a booking is taken over by one caller, without its slot changing', async () => {
      await store.putInstallation(installation(due));
      await store.acquireRenewalLease(ref, 'a', NOW + 15_000, NOW);
      await store.passRenewalLease(ref, 'a', { owner: 'booking', until: NOW + 300_000, slotAt: NOW + 290_000 }, NOW);
      const takeOver = (owner: string) =>
        store.passRenewalLease(ref, 'booking', { owner, until: NOW + 305_000, slotAt: NOW + 290_000 }, NOW + 280_000);
      expect(await Promise.all([takeOver('b'), takeOver('c')]).then((won) => won.filter(Boolean))).toHaveLength(1);
      expect((await store.getRenewal(ref)).lease).toMatchObject({ until: NOW + 305_000, slotAt: NOW + 290_000 });
    });

    test('a lease taken afresh or released has no slot; a renewed token ends it', async () => {
      await store.putInstallation(installation(due));
      await store.acquireRenewalLease(ref, 'a', NOW + 15_000, NOW);
      await store.passRenewalLease(ref, 'a', { owner: 'a', until: NOW + 40_000, slotAt: NOW + 25_000 }, NOW);
      expect(await store.acquireRenewalLease(ref, 'b', NOW + 60_000, NOW + 45_000)).toBe(true);
      expect((await store.getRenewal(ref)).lease).toEqual({ owner: 'b', until: NOW + 60_000 });
      await store.saveRenewedToken(ref, 'b', early, NOW + 46_000);
      expect(await store.getRenewal(ref)).toEqual({ token: early });
    });
  });
}
