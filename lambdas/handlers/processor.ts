import { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDynamoDedupStore } from '../adapters/dynamo-stores';
import { createPlaneRuntime, type RuntimeOverrides } from '../adapters/plane-runtime';
import { type DeferRecords, processBatch } from '../adapters/sqs-batch';
import { createSqsClient } from '../adapters/sqs-queue';
import setupApp from '../app';
import type { EnvSource } from '../core/config';
import { Env } from '../core/env-names';
import { createInstallationCache } from '../core/installation-cache';
import { createPlaneClient } from '../core/plane-client';
import { createProcessor } from '../core/process-event';
import { type AppSetup, createApp } from '../core/router';
import { createTokenManager } from '../core/token-manager';

export interface ProcessorHandlerOptions extends RuntimeOverrides {
  /** The app's handlers. Default: lambdas/app. */
  readonly setup?: AppSetup;
  /** How long a dedup claim blocks duplicates (must stay below the queue's visibility timeout). */
  readonly claimMs?: number;
}

/**
 * The SQS processor, composed once per cold start: dedupe, installation (cached in memory),
 * fresh bot token, router, the app's handlers; failed records reported alone.
 */
export function createProcessorHandler(env: EnvSource = process.env, options: ProcessorHandlerOptions = {}) {
  const runtime = createPlaneRuntime(env, options);
  const { log, metrics, clock } = runtime;
  const tokens = createTokenManager({ store: runtime.installations, oauth: runtime.oauth, clock, log, metrics });
  const processor = createProcessor({
    app: createApp(options.setup ?? setupApp),
    installations: createInstallationCache(runtime.installations, { clock }),
    dedup: createDynamoDedupStore(runtime.documents, runtime.settings.tableName),
    planeFor: (installation, deadline) =>
      createPlaneClient({
        baseUrl: runtime.settings.apiUrl,
        workspaceSlug: installation.workspaceSlug,
        token: (rejected) => tokens.getBotToken(installation.workspaceId, { rejected, deadline: deadline() }),
        fetch: options.fetch,
        clock,
        deadline,
        log,
        metrics,
      }),
    clock,
    log,
    metrics,
    claimMs: options.claimMs,
  });

  const queueUrl = env[Env.QueueUrl];
  const sqs = queueUrl ? createSqsClient() : undefined;
  const defer: DeferRecords | undefined =
    sqs && queueUrl
      ? async (records) => {
          await sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: records.map((record, i) => ({
                Id: String(i),
                ReceiptHandle: record.receiptHandle,
                VisibilityTimeout: record.seconds,
              })),
            }),
          );
        }
      : undefined;

  return async (event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
    if (runtime.powertools && 'awsRequestId' in context) runtime.powertools.addContext(context as Context);
    try {
      return await processBatch(event, context, processor, log, defer);
    } finally {
      metrics.flush();
    }
  };
}

let cached: ReturnType<typeof createProcessorHandler> | undefined;

/** The Lambda entry. Composed on the first event so a configuration error is logged, not a crash loop. */
export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  cached ??= createProcessorHandler();
  return cached(event, context);
};
