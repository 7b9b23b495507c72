import type { Context } from 'aws-lambda';
import { composeOrError, notConfigured } from '../adapters/cold-start';
import { createSweeperRuntime, type SweeperOverrides } from '../adapters/sweeper-runtime';
import { type EnvSource, loadRuntimeConfig } from '../core/runtime-config';
import type { SweepResult } from '../core/sweep';

/** Time kept back from the Lambda's remaining time, so the run ends (and reports) before its timeout. */
const SAFETY_MS = 5_000;

/**
 * Every minute (EventBridge): re-enqueues the webhooks ingest kept in the payload bucket while SQS
 * refused them. Throws when any could not be moved, so the run counts as a Lambda error too.
 */
export function createSweeperHandler(env: EnvSource, overrides: SweeperOverrides = {}) {
  const runtime = composeOrError(() =>
    createSweeperRuntime(loadRuntimeConfig(env, ['queueUrl', 'payloadBucket']), overrides),
  );
  return async (_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SweepResult> => {
    if (runtime instanceof Error) throw notConfigured(runtime, overrides.log);
    const endsAt = context ? Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS : Number.POSITIVE_INFINITY;
    try {
      const result = await runtime.sweep(() => endsAt);
      if (result.failed > 0) throw new Error(`${result.failed} kept webhook(s) could not be re-enqueued; see the log`);
      if (result.swept > 0) runtime.log.info('sweep done', { ...result });
      return result;
    } finally {
      runtime.metrics.flush();
    }
  };
}

export const handler = createSweeperHandler(process.env);
