import { readClaimedEvent } from '../core/claim-check';
import { Env } from '../core/env-names';
import { ConfigError } from '../core/errors';
import { createInstallationCache } from '../core/installation-cache';
import { createProcessor, type Processor } from '../core/process-event';
import { type AppSetup, createApp } from '../core/router';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createDynamoDedupStore } from './dynamo-stores';
import { lazyPayloadStores } from './lazy-payloads';
import { createPlaneFor, createPlaneRuntime, type PlaneRuntime, type RuntimeOverrides } from './plane-runtime';
import { createSqsDefer, type DeferRecords } from './sqs-batch';
import { createSqsClient } from './sqs-queue';

/** What the processor function is made of. */
export interface ProcessorRuntime extends PlaneRuntime {
  readonly processor: Processor;
  /** Hides records Plane rate-limited until its Retry-After; unset without the queue's URL. */
  readonly defer?: DeferRecords;
}

export interface ProcessorRuntimeOptions extends RuntimeOverrides {
  /** How long a dedup claim blocks other copies. Default PROCESSOR_TIMINGS.claimMs (core/event-timings.ts). */
  readonly claimMs?: number;
  /** How long a bot grant's first refusal stands before a second confirms it. Default REFUSAL_CONFIRM_MS. */
  readonly refusalConfirmMs?: number;
}

/**
 * Composes the processor: the app's handlers on the router, installations (cached in memory), the
 * dedup store, Plane clients acting as each installation's bot, and the payload bucket's claim
 * checks (read with s3:GetObject when a body was too large for its message).
 */
export function createProcessorRuntime(
  config: RuntimeConfigWith<'tableName'>,
  setup: AppSetup,
  options: ProcessorRuntimeOptions = {},
): ProcessorRuntime {
  const runtime = createPlaneRuntime(config, options);
  const { log, metrics, clock } = runtime;
  const process = createProcessor({
    app: createApp(setup, { agentRuns: config.agentRuns }),
    installations: createInstallationCache(runtime.installations, { clock }),
    dedup: createDynamoDedupStore(runtime.documents, config.tableName),
    planeFor: createPlaneFor(runtime, {
      baseUrl: config.planeApiUrl,
      fetch: options.fetch,
      refusalConfirmMs: options.refusalConfirmMs,
    }),
    clock,
    log,
    metrics,
    claimMs: options.claimMs,
  });
  // Bodies that travelled by claim check are read back (and checked) before processing.
  const claims = config.payloadBucket
    ? lazyPayloadStores(config.payloadBucket).claims
    : async () => {
        throw new ConfigError([`${Env.PayloadBucket} is not set: the processor cannot read a claim-checked body`]);
      };
  const processor: Processor = async (message, deadline) => process(await readClaimedEvent(message, claims), deadline);
  const defer = config.queueUrl ? createSqsDefer(createSqsClient(), config.queueUrl) : undefined;
  return { ...runtime, processor, defer };
}
