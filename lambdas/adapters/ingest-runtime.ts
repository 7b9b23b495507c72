import type { HttpResponse } from '../core/http-response';
import { createIngest, type IngestRequest } from '../core/ingest';
import { createJsonLogger } from '../core/json-logger';
import type { Logger } from '../core/logger';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics';
import { lazyPayloadStores } from './lazy-payloads';
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
 * Composes ingest: the webhook secret (Secrets Manager, cached), the queue, the payload bucket, a
 * JSON logger and EMF metrics. Only the SQS and Secrets Manager clients load with it (no DynamoDB,
 * no Powertools), to keep the cold start short; the S3 client loads on the rare paths only.
 */
export function createIngestRuntime(
  config: RuntimeConfigWith<'queueUrl' | 'webhookSecretArn' | 'payloadBucket'>,
  overrides: IngestOverrides = {},
): IngestRuntime {
  const metrics = overrides.metrics ?? createEmfMetrics({ namespace: config.metricsNamespace, stage: config.stage });
  const ingest = createIngest({
    webhookSecret: createManagedSecret(createSecretsClient(), config.webhookSecretArn),
    queue: createSqsQueue(createSqsClient(), config.queueUrl),
    ...lazyPayloadStores(config.payloadBucket),
    maxBodyBytes: config.maxBodyBytes,
    subscriptions: config.subscriptions,
    log: overrides.log ?? createJsonLogger({ service: config.serviceName, level: config.logLevel }),
    metrics,
  });
  return { ingest, metrics };
}
