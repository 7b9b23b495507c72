import { createJsonLogger } from '../core/json-logger';
import type { Logger } from '../core/logger';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createSweeper, type SweepResult } from '../core/sweep';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics';
import { createS3ClaimStore, createS3Client, createS3OverflowStore } from './s3-payloads';
import { createSqsClient, createSqsQueue } from './sqs-queue';

/** What the sweeper function is made of. */
export interface SweeperRuntime {
  readonly sweep: (deadline?: () => number) => Promise<SweepResult>;
  readonly log: Logger;
  readonly metrics: EmfMetrics;
}

/** Parts a test or local mode passes instead of the real ones. */
export interface SweeperOverrides {
  readonly log?: Logger;
  readonly metrics?: EmfMetrics;
}

/** Composes the sweeper: the payload bucket (S3), the event queue (SQS), a JSON logger and EMF metrics. */
export function createSweeperRuntime(
  config: RuntimeConfigWith<'queueUrl' | 'payloadBucket'>,
  overrides: SweeperOverrides = {},
): SweeperRuntime {
  const s3 = createS3Client();
  const claims = createS3ClaimStore(s3, config.payloadBucket);
  const log = overrides.log ?? createJsonLogger({ service: config.serviceName, level: config.logLevel });
  const metrics = overrides.metrics ?? createEmfMetrics({ namespace: config.metricsNamespace, stage: config.stage });
  const sweep = createSweeper({
    overflow: createS3OverflowStore(s3, config.payloadBucket),
    claims: async () => claims,
    queue: createSqsQueue(createSqsClient(), config.queueUrl),
    log,
    metrics,
  });
  return { sweep, log, metrics };
}
