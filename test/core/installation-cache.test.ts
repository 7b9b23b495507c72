import type { InstallationStore } from '../../lambdas/core/installation';
import { createInstallationCache } from '../../lambdas/core/installation-cache';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { fakeClock, makeInstallation } from './helpers';

const WS = makeInstallation().workspaceId;

/** A store that counts getInstallation calls. */
function countingStore(): { store: InstallationStore; reads: () => number } {
  const inner = createMemoryInstallationStore();
  let reads = 0;
  return {
    store: {
      ...inner,
      getInstallation: (id) => {
        reads += 1;
        return inner.getInstallation(id);
      },
    },
    reads: () => reads,
  };
}

test('an installed workspace is read from the store once a minute, not once an event', async () => {
  const clock = fakeClock();
  const { store, reads } = countingStore();
  await store.putInstallation(makeInstallation());
  const cache = createInstallationCache(store, { clock: clock.now });
  await cache.get(WS);
  clock.advance(59_000);
  await cache.get(WS);
  const cachedReads = reads();
  clock.advance(2_000);
  await cache.get(WS);
  expect([cachedReads, reads()]).toEqual([1, 2]);
});

test.each(['uninstalled', 'reauthorize'] as const)(
  'a workspace seen %s is read again on the next event, so a reinstall counts at once',
  async (status) => {
    const clock = fakeClock();
    const { store } = countingStore();
    await store.putInstallation(makeInstallation({ status }));
    const cache = createInstallationCache(store, { clock: clock.now });
    const before = (await cache.get(WS))?.status;
    await store.putInstallation(makeInstallation({ installationId: 'inst-new' }));
    clock.advance(1_000);
    expect([before, (await cache.get(WS))?.status]).toEqual([status, 'installed']);
  },
);

test('an unknown workspace is not remembered', async () => {
  const clock = fakeClock();
  const { store, reads } = countingStore();
  const cache = createInstallationCache(store, { clock: clock.now });
  await cache.get(WS);
  await store.putInstallation(makeInstallation());
  expect([(await cache.get(WS))?.status, reads()]).toEqual(['installed', 2]);
});

test('forget drops a remembered installation', async () => {
  const clock = fakeClock();
  const { store, reads } = countingStore();
  await store.putInstallation(makeInstallation());
  const cache = createInstallationCache(store, { clock: clock.now });
  await cache.get(WS);
  cache.forget(WS);
  await cache.get(WS);
  expect(reads()).toBe(2);
});
