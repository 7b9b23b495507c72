import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { composeOrError, notConfigured } from '../adapters/cold-start';
import { createProcessorRuntime, type ProcessorRuntimeOptions } from '../adapters/processor-runtime';
import { processBatch } from '../adapters/sqs-batch';
import setupApp from '../app';
import type { AppSetup } from '../core/router';
import { type EnvSource, loadRuntimeConfig } from '../core/runtime-config';

export interface ProcessorHandlerOptions extends ProcessorRuntimeOptions {
  /** The app's handlers. Default: lambdas/app. */
  readonly setup?: AppSetup;
}

/** The SQS processor: each record deduped, routed to the app's handlers; failed records reported alone. */
export function createProcessorHandler(env: EnvSource, options: ProcessorHandlerOptions = {}) {
  const runtime = composeOrError(() =>
    createProcessorRuntime(loadRuntimeConfig(env, ['tableName']), options.setup ?? setupApp, options),
  );
  return async (event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
    // Failing the whole batch leaves every record in the queue, to be retried once the setting is fixed.
    if (runtime instanceof Error) throw notConfigured(runtime, options.log);
    runtime.addContext(context);
    try {
      return await processBatch(event, context, runtime.processor, runtime.log, { defer: runtime.defer });
    } finally {
      runtime.metrics.flush();
    }
  };
}

export const handler = createProcessorHandler(process.env);
