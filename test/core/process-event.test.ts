import { ReinstallNeededError } from '../../lambdas/core/errors';
import { PROCESSOR_TIMINGS } from '../../lambdas/core/event-timings';
import type { Installation, InstallationStore } from '../../lambdas/core/installation';
import { createInstallationCache } from '../../lambdas/core/installation-cache';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { createMemoryDedupStore } from '../../lambdas/core/memory-stores';
import type { PlaneClient } from '../../lambdas/core/plane-client';
import type { DedupStore } from '../../lambdas/core/ports';
import { createProcessor } from '../../lambdas/core/process-event';
import type { QueuedEvent } from '../../lambdas/core/queued-event';
import { createApp, type Handler, type HandlerContext } from '../../lambdas/core/router';
import { createSignal } from '../helpers/signal';
import {
  captureLogger,
  captureMetrics,
  type FakeClock,
  FIXTURE_ACTOR_ID,
  FIXTURE_SHA256,
  FIXTURE_WORKSPACE_ID,
  fakeClock,
  fixtureText,
  makeInstallation,
  unusedPlaneClient,
} from './helpers';

const body = fixtureText('issue-created.json.txt');
const DEDUP_KEY = `sha256:${FIXTURE_SHA256}`;
const message: QueuedEvent = {
  body,
  attributes: {
    event: 'issue',
    workspaceId: FIXTURE_WORKSPACE_ID,
    dedupKey: DEDUP_KEY,
    deliveryId: 'd-1',
  },
};

/** Wraps a DedupStore and records every call. */
function recordingDedup(inner: DedupStore): DedupStore & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    claim: (key, owner, now, until) => {
      calls.push(`claim:${key}`);
      return inner.claim(key, owner, now, until);
    },
    complete: (key, owner, expiresAt) => {
      calls.push(`complete:${key}`);
      return inner.complete(key, owner, expiresAt);
    },
    release: (key, owner) => {
      calls.push(`release:${key}`);
      return inner.release(key, owner);
    },
  };
}

/** Wraps an InstallationStore and records reads. */
function recordingStore(inner: InstallationStore): InstallationStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    ...inner,
    reads,
    getInstallation: (id) => {
      reads.push(id);
      return inner.getInstallation(id);
    },
  };
}

interface SetupOptions {
  readonly installation?: Installation | null;
  readonly handler?: Handler | null;
  readonly clock?: FakeClock;
  /** The event name the handler is registered for. Default issue.created. */
  readonly on?: string;
  /** The dedup store (wrapped to record calls). Default: a fresh in-memory one. */
  readonly dedup?: DedupStore;
}

async function setup(options: SetupOptions = {}) {
  const clock = options.clock ?? fakeClock();
  const store = recordingStore(createMemoryInstallationStore());
  if (options.installation !== null) await store.putInstallation(options.installation ?? makeInstallation());
  const dedup = recordingDedup(options.dedup ?? createMemoryDedupStore());
  const received: Array<{ name: string; ctx: HandlerContext }> = [];
  const app = createApp((a) => {
    if (options.handler !== null) {
      a.on(
        options.on ?? 'issue.created',
        options.handler ?? ((event, ctx) => void received.push({ name: event.name, ctx })),
      );
    }
  });
  const plane = unusedPlaneClient();
  const planeForCalls: Array<{ installation: Installation; deadline: number }> = [];
  const planeFor = (installation: Installation, deadline: () => number): PlaneClient => {
    planeForCalls.push({ installation, deadline: deadline() });
    return plane;
  };
  const { log, lines } = captureLogger();
  const { metrics, counts } = captureMetrics();
  const process = createProcessor({
    app,
    installations: createInstallationCache(store, { clock: clock.now }),
    dedup,
    planeFor,
    clock: clock.now,
    log,
    metrics,
  });
  return { process, received, store, dedup, counts, lines, plane, planeForCalls, clock };
}

const deadline = () => 1_900_000_000_000;

describe('createProcessor: processing', () => {
  it('runs the handler and answers processed', async () => {
    const { process, received } = await setup();
    const outcome = await process(message, deadline);
    expect([outcome, received.map((r) => r.name)]).toEqual(['processed', ['issue.created']]);
  });

  it('gives the handler the installation, the plane client for it and a correlated logger', async () => {
    const { process, received, plane } = await setup();
    await process(message, deadline);
    const ctx = received[0]?.ctx;
    expect([ctx?.installation.workspaceId, ctx?.plane === plane, typeof ctx?.log.info]).toEqual([
      FIXTURE_WORKSPACE_ID,
      true,
      'function',
    ]);
  });

  it('builds the plane client with the invocation deadline', async () => {
    const { process, planeForCalls } = await setup();
    await process(message, deadline);
    expect(planeForCalls.map((c) => c.deadline)).toEqual([deadline()]);
  });

  it('runs the handler once for the same dedup key twice; the second answers duplicate', async () => {
    const { process, received } = await setup();
    const outcomes = [
      await process(message, deadline),
      await process({ ...message, attributes: { ...message.attributes, deliveryId: 'd-2' } }, deadline),
    ];
    expect([outcomes, received.length]).toEqual([['processed', 'duplicate'], 1]);
  });

  it('de-duplicates on the body hash when the message has no dedupKey attribute', async () => {
    const { process, received } = await setup();
    const bare: QueuedEvent = { body, attributes: {} };
    const outcomes = [await process(bare, deadline), await process(message, deadline)];
    expect([outcomes, received.length]).toEqual([['processed', 'duplicate'], 1]);
  });

  it('reports a copy that meets an in-progress claim as failed, never as a duplicate', async () => {
    const finish = createSignal();
    const { process, received } = await setup({
      handler: (event) => {
        received.push({ name: event.name, ctx: {} as HandlerContext });
        return finish.promise;
      },
    });
    const first = process(message, deadline);
    await new Promise((resolve) => setImmediate(resolve));
    const copy = await process(message, deadline).catch((error: unknown) => error);
    finish.fire();
    expect([await first, (copy as { code?: string }).code, received.length]).toEqual([
      'processed',
      'claim_in_progress',
      1,
    ]);
  });

  it('leaves a claim that ran out during processing to the attempt that took it, with a warning', async () => {
    const clock = fakeClock();
    const inner = createMemoryDedupStore();
    const { process, lines } = await setup({
      clock,
      dedup: inner,
      handler: async () => {
        clock.advance(PROCESSOR_TIMINGS.claimMs + 1);
        await inner.claim(DEDUP_KEY, 'another-attempt', clock.now(), clock.now() + 60_000);
      },
    });
    const outcome = await process(message, deadline);
    expect([outcome, await inner.claim(DEDUP_KEY, 'a-third', clock.now(), clock.now() + 60_000)]).toEqual([
      'processed',
      'in_progress',
    ]);
    expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      'dedup claim ran out during processing and passed to another attempt; the event may run twice',
    ]);
  });

  it('processes the event again once its dedup record has expired', async () => {
    const clock = fakeClock();
    const { process, received } = await setup({ clock });
    await process(message, deadline);
    clock.advance(3 * 24 * 3_600_000);
    expect([await process(message, deadline), received.length]).toEqual(['processed', 2]);
  });
});

describe('createProcessor: reinstalls', () => {
  it('processes the first event after a reinstall, though this warm processor saw it uninstalled', async () => {
    const clock = fakeClock();
    const { process, store, received } = await setup({
      clock,
      installation: makeInstallation({ status: 'uninstalled' }),
    });
    await process(message, deadline).catch(() => undefined);
    await store.putInstallation(makeInstallation({ installationId: 'inst-reinstalled' }));
    clock.advance(1_000);
    expect([await process(message, deadline), received.length]).toEqual(['processed', 1]);
  });
});

describe('createProcessor: agent runs', () => {
  const bareRun = JSON.stringify({
    type: 'agent_run',
    agent_run: { id: 'run-5e1d', status: 'created', workspace: FIXTURE_WORKSPACE_ID },
    agent_user_id: 'b0b0b0b0-1111-4222-8333-444455556666',
    workspace_id: FIXTURE_WORKSPACE_ID,
  });

  it('routes a queued bare agent-run payload by its event attribute', async () => {
    const { process, received } = await setup({ on: 'agent_run_create' });
    const queued: QueuedEvent = {
      body: bareRun,
      attributes: { event: 'agent_run_create', workspaceId: FIXTURE_WORKSPACE_ID },
    };
    expect([await process(queued, deadline), received.map((r) => r.name)]).toEqual(['processed', ['agent_run_create']]);
  });
});

describe('createProcessor: skipped events', () => {
  it('skips an echo of the bot’s own change', async () => {
    const { process, received } = await setup({ installation: makeInstallation({ botUserId: FIXTURE_ACTOR_ID }) });
    expect([await process(message, deadline), received.length]).toEqual(['echo', 0]);
  });

  it('does not claim the dedup key of an echo', async () => {
    const { process, dedup } = await setup({ installation: makeInstallation({ botUserId: FIXTURE_ACTOR_ID }) });
    await process(message, deadline);
    expect(dedup.calls).toEqual([]);
  });

  it('skips an event from an unknown workspace', async () => {
    const { process, received } = await setup({ installation: null });
    expect([await process(message, deadline), received.length]).toEqual(['unknown_installation', 0]);
  });

  it.each(['reinstall_needed', 'uninstalled'] as const)(
    'parks (fails, never acknowledges) an event from a workspace marked %s, without claiming it',
    async (status) => {
      const { process, received, dedup } = await setup({ installation: makeInstallation({ status }) });
      const error = await process(message, deadline).catch((thrown: unknown) => thrown);
      expect([(error as { code?: string }).code, received.length, dedup.calls]).toEqual(['reinstall_needed', 0, []]);
    },
  );

  it('skips an event no handler wants', async () => {
    const { process } = await setup({ handler: null });
    expect(await process(message, deadline)).toBe('unhandled');
  });

  it('touches neither store for an event no handler wants', async () => {
    const { process, store, dedup } = await setup({ handler: null });
    await process(message, deadline);
    expect([store.reads, dedup.calls]).toEqual([[], []]);
  });
});

describe('createProcessor: failures', () => {
  it('rethrows a handler’s error so the queue retries', async () => {
    const boom = new Error('Plane is down');
    const { process } = await setup({ handler: () => Promise.reject(boom) });
    await expect(process(message, deadline)).rejects.toBe(boom);
  });

  it('releases the claim of a failed event', async () => {
    const { process, dedup } = await setup({ handler: () => Promise.reject(new Error('boom')) });
    await process(message, deadline).catch(() => undefined);
    expect(dedup.calls).toEqual([`claim:${DEDUP_KEY}`, `release:${DEDUP_KEY}`]);
  });

  it('processes the event on the retry after a failure', async () => {
    let attempts = 0;
    const { process } = await setup({
      handler: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('transient');
      },
    });
    await process(message, deadline).catch(() => undefined);
    expect([await process(message, deadline), attempts]).toEqual(['processed', 2]);
  });

  it('fails (parks) an event whose handler finds the workspace must reinstall, and releases its claim', async () => {
    const reinstall = new ReinstallNeededError(FIXTURE_WORKSPACE_ID, 'token endpoint answered 400 invalid_grant');
    const { process, dedup } = await setup({ handler: () => Promise.reject(reinstall) });
    await expect(process(message, deadline)).rejects.toBe(reinstall);
    expect(dedup.calls).toEqual([`claim:${DEDUP_KEY}`, `release:${DEDUP_KEY}`]);
  });

  it('forgets the cached installation after a ReinstallNeededError', async () => {
    const { process, store } = await setup({
      handler: () => Promise.reject(new ReinstallNeededError(FIXTURE_WORKSPACE_ID, '400')),
    });
    await process(message, deadline).catch(() => undefined);
    await process(message, deadline).catch(() => undefined);
    expect(store.reads).toEqual([FIXTURE_WORKSPACE_ID, FIXTURE_WORKSPACE_ID]);
  });
});

describe('createProcessor: metrics', () => {
  it('counts EventProcessed for a processed event', async () => {
    const { process, counts } = await setup();
    await process(message, deadline);
    expect(counts.map((c) => c.name)).toEqual(['EventProcessed']);
  });

  it.each<[string, SetupOptions, string]>([
    ['an echo', { installation: makeInstallation({ botUserId: FIXTURE_ACTOR_ID }) }, 'echo'],
    ['an unknown installation', { installation: null }, 'unknown_installation'],
    ['an unhandled event', { handler: null }, 'unhandled'],
  ])('counts EventSkipped with Reason for %s', async (_label, options, reason) => {
    const { process, counts } = await setup(options);
    await process(message, deadline);
    expect(counts).toEqual([{ name: 'EventSkipped', dimensions: { Reason: reason }, value: undefined }]);
  });

  it('counts EventSkipped duplicate for the second delivery', async () => {
    const { process, counts } = await setup();
    await process(message, deadline);
    await process(message, deadline);
    expect(counts.map((c) => [c.name, c.dimensions?.Reason])).toEqual([
      ['EventProcessed', undefined],
      ['EventSkipped', 'duplicate'],
    ]);
  });

  it('counts EventFailed for a failed handler', async () => {
    const { process, counts } = await setup({ handler: () => Promise.reject(new Error('boom')) });
    await process(message, deadline).catch(() => undefined);
    expect(counts.map((c) => c.name)).toEqual(['EventFailed']);
  });

  it.each<[string, SetupOptions]>([
    ['a workspace marked reinstall_needed', { installation: makeInstallation({ status: 'reinstall_needed' }) }],
    [
      'a handler that finds it so',
      { handler: () => Promise.reject(new ReinstallNeededError(FIXTURE_WORKSPACE_ID, '400')) },
    ],
  ])('counts EventParked reinstall_needed, not EventFailed or EventSkipped, for %s', async (_label, options) => {
    const { process, counts } = await setup(options);
    await process(message, deadline).catch(() => undefined);
    expect(counts).toEqual([{ name: 'EventParked', dimensions: { Reason: 'reinstall_needed' }, value: undefined }]);
  });

  it('logs a failure with the dedup key, the delivery id and the error, not the body', async () => {
    const { process, lines } = await setup({ handler: () => Promise.reject(new Error('boom')) });
    await process(message, deadline).catch(() => undefined);
    const failure = lines.find((line) => line.level === 'error');
    expect([
      failure?.fields.dedupKey,
      failure?.fields.deliveryId,
      failure?.fields.error,
      JSON.stringify(lines).includes('description_html'),
    ]).toEqual([DEDUP_KEY, 'd-1', { name: 'Error', message: 'boom' }, false]);
  });
});
