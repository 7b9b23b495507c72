import type { Installation, InstallationStore } from '../../lambdas/core/installation';
import { createInstallationCache } from '../../lambdas/core/installation-cache';
import { type Logger, silentLogger } from '../../lambdas/core/logger';
import { noMetrics } from '../../lambdas/core/metrics';
import { createOAuthClient } from '../../lambdas/core/oauth-client';
import { createPlaneClient, type PlaneClient } from '../../lambdas/core/plane-client';
import type { DedupStore, RateBudget } from '../../lambdas/core/ports';
import { createProcessor, type Processor } from '../../lambdas/core/process-event';
import type { Random, TimeoutSignal } from '../../lambdas/core/retry-policy';
import { createApp } from '../../lambdas/core/router';
import { createTokenManager, type TokenManager, type TokenManagerOptions } from '../../lambdas/core/token-manager';
import type { Ledger } from './ledger';
import type { SimPlane } from './sim-plane';
import type { VirtualTime } from './virtual-time';

const SIM_PLANE_URL = 'https://plane.simulated';

/** A signal that never aborts: the simulated Plane always answers, and real timers would outlive the run. */
const NEVER = new AbortController().signal;
const neverAborts: TimeoutSignal = () => NEVER;

/** What every processor instance shares: one table, one Plane, one clock, one ledger. */
export interface SharedParts {
  readonly time: VirtualTime;
  readonly random: Random;
  readonly plane: SimPlane;
  readonly ledger: Ledger;
  readonly installations: InstallationStore;
  readonly dedup: DedupStore;
  /** The table's grant schedule, which every instance's token manager shares. */
  readonly grants: RateBudget;
  /** Plane API calls a handler makes for one event, under the workspace's bot token. */
  readonly callsPerEvent: number;
  /** Builds an instance's token manager: the kit's own by default. */
  readonly tokenManager?: (options: TokenManagerOptions) => TokenManager;
}

/** One Lambda execution environment of the processor: its own memory, its own egress IP. */
export interface ProcessorInstance {
  readonly ip: string;
  readonly processor: Processor;
}

/**
 * Composes a processor instance from the kit's real core, as lambdas/adapters/processor-runtime.ts
 * and plane-runtime.ts compose it on Lambda: an installation cache and a token manager of its own
 * (so a cold instance starts with empty memory), the shared stores, the real OAuth and Plane
 * clients talking to the simulated Plane from this instance's IP, and an app whose one handler
 * makes `callsPerEvent` Plane calls and tells the ledger when it is done.
 */
export function createProcessorInstance(
  shared: SharedParts,
  ip: string,
  log: Logger = silentLogger,
): ProcessorInstance {
  const { time, random, plane, ledger } = shared;
  const fetch = plane.fetchFor(ip);
  const oauth = createOAuthClient({
    baseUrl: SIM_PLANE_URL,
    clientId: 'sim-client',
    clientSecret: async () => 'sim-client-secret',
    fetch,
    timeoutSignal: neverAborts,
  });
  const tokens = (shared.tokenManager ?? createTokenManager)({
    store: shared.installations,
    oauth,
    budget: shared.grants,
    clock: time.now,
    sleep: time.sleep,
    random,
    log,
  });
  // Time each attempt spends in its own Plane calls, to tell work from waiting.
  const busy = new WeakMap<PlaneClient, { ms: number }>();
  const planeFor = (installation: Installation, deadline: () => number): PlaneClient => {
    const attempt = { ms: 0 };
    const timedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const started = time.now();
      try {
        return await fetch(input, init);
      } finally {
        attempt.ms += time.now() - started;
      }
    }) as typeof globalThis.fetch;
    const client = createPlaneClient({
      baseUrl: SIM_PLANE_URL,
      workspaceSlug: installation.workspaceSlug,
      token: (rejected) => tokens.getBotToken(installation.workspaceId, { rejected, deadline: deadline() }),
      fetch: timedFetch,
      clock: time.now,
      sleep: time.sleep,
      random,
      timeoutSignal: neverAborts,
      deadline,
      log,
    });
    busy.set(client, attempt);
    return client;
  };
  const app = createApp((on) => {
    on.onAny(async (event, ctx) => {
      for (let call = 0; call < shared.callsPerEvent; call += 1) await ctx.plane.request('GET', '/api/v1/users/me/');
      const id = Number(String((event.data as { id?: unknown }).id).slice(1));
      ledger.handled(id, time.now(), busy.get(ctx.plane)?.ms ?? 0);
    });
  });
  const processor = createProcessor({
    app,
    installations: createInstallationCache(shared.installations, { clock: time.now }),
    dedup: shared.dedup,
    planeFor,
    clock: time.now,
    log,
    metrics: noMetrics,
  });
  return { ip, processor };
}
