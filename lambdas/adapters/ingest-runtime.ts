import type { HttpResponse } from '../core/http-response';
import { createIngest, type IngestRequest } from '../core/ingest';
import type { Logger } from '../core/logger';
import type { RuntimeConfigWith } from '../core/runtime-config';
import type { EmfMetrics } from './emf-metrics';
import { lazyPayloadStores } from './lazy-payloads';
import { createLineOutput } from './line-output';
import { createManagedSecret, createSecretsClient } from './secrets-manager';
import { createSqsClient, createSqsQueue } from './sqs-queue';

/** What the ingest function is made of: the use case, and the metrics to flush after each event. */
export interface IngestRuntime {
  readonly ingest: (request: IngestRequest) => Promise<HttpResponse>;
  readonly metrics: EmfMetrics;
}

/** Parts a test or local mode passes instead of the real ones. */
export interface IngestOverrides {
  readonly log?: Logger;
  readonly metrics?: EmfMetrics;
}

/**
 * Composes ingest: the webhook secret (Secrets Manager, cached), the queue, the payload bucket, the
 * app's subscriptions, and one output line per webhook (JSON log line with its metric fields). Only
 * the SQS and Secrets Manager clients load with it (no DynamoDB, no Powertools), to keep the cold
 * start short; the S3 client loads on the rare paths only.
 */
export function createIngestRuntime(
  config: RuntimeConfigWith<'queueUrl' | 'webhookSecretArn' | 'payloadBucket'>,
  overrides: IngestOverrides = {},
): IngestRuntime {
  const output = createLineOutput({ namespace: config.metricsNamespace, stage: config.stage, level: config.logLevel });
  const metrics = overrides.metrics ?? output.metrics;
  const ingest = createIngest({
    webhookSecret: createManagedSecret(createSecretsClient(), config.webhookSecretArn),
    queue: createSqsQueue(createSqsClient(), config.queueUrl),
    ...lazyPayloadStores(config.payloadBucket),
    maxBodyBytes: config.maxBodyBytes,
    subscriptions: config.subscriptions,
    log: overrides.log ?? output.log,
    metrics,
  });
  return { ingest, metrics };
}
