import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { composeOrError, notConfigured } from '../adapters/cold-start';
import { fromApiGateway, toApiGateway } from '../adapters/http-event';
import { createIngestRuntime, type IngestOverrides } from '../adapters/ingest-runtime';
import { errorResponse } from '../core/http-errors';
import { type EnvSource, loadRuntimeConfig } from '../core/runtime-config';

/** POST /webhook: verify the signature, enqueue, answer 200 only once the event is in the queue (or the bucket). */
export function createIngestHandler(env: EnvSource, overrides: IngestOverrides = {}) {
  const runtime = composeOrError(() =>
    createIngestRuntime(loadRuntimeConfig(env, ['queueUrl', 'webhookSecretArn', 'payloadBucket']), overrides),
  );
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (runtime instanceof Error) return toApiGateway(errorResponse(notConfigured(runtime, overrides.log)));
    try {
      return toApiGateway(await runtime.ingest(fromApiGateway(event)));
    } finally {
      runtime.metrics.flush();
    }
  };
}

export const handler = createIngestHandler(process.env);
