import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { EmfMetrics } from '../adapters/emf-metrics';
import { fromApiGateway, toApiGateway } from '../adapters/http-event';
import { logLevelFromEnv, metricsFromEnv } from '../adapters/lambda-env';
import { createSecretsClient, secretsManagerReader } from '../adapters/secrets-manager';
import { createSqsClient, createSqsQueue } from '../adapters/sqs-queue';
import { createCachedSecret } from '../core/cached-secret';
import { type EnvSource, readInteger, readSettings } from '../core/config';
import { Env } from '../core/env-names';
import { errorResponse } from '../core/http-errors';
import { createIngest } from '../core/ingest';
import { createJsonLogger } from '../core/json-logger';
import { DEFAULT_MAX_BODY_BYTES } from '../core/limits';
import { type Logger, SERVICE_NAME } from '../core/logger';
import { registerSecret } from '../core/redact';

/**
 * POST /webhook. Composed once per cold start: verify, enqueue, answer. Its bundle holds only the
 * SQS and Secrets Manager clients (no DynamoDB, no Powertools) to keep the cold start short.
 */
export function createIngestHandler(
  env: EnvSource = process.env,
  overrides: { log?: Logger; metrics?: EmfMetrics } = {},
) {
  const log =
    overrides.log ?? createJsonLogger({ service: env[Env.ServiceName] || SERVICE_NAME, level: logLevelFromEnv(env) });
  const metrics = overrides.metrics ?? metricsFromEnv(env);
  let ingest: ReturnType<typeof createIngest> | undefined;
  let configError: Error | undefined;
  try {
    const settings = readSettings(env, { required: [Env.QueueUrl, Env.WebhookSecretArn] });
    const secrets = createSecretsClient();
    const read = secretsManagerReader(secrets, settings[Env.WebhookSecretArn]);
    ingest = createIngest({
      webhookSecret: createCachedSecret(async () => {
        const value = await read();
        value.split(/\s+/).forEach(registerSecret);
        return value;
      }),
      queue: createSqsQueue(createSqsClient(), settings[Env.QueueUrl]),
      maxBodyBytes: readInteger(env, Env.MaxBodyBytes, DEFAULT_MAX_BODY_BYTES),
      log,
      metrics,
    });
  } catch (error) {
    configError = error as Error;
  }

  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (!ingest) {
      log.error('ingest is not configured', { error: configError?.message });
      return toApiGateway(errorResponse(configError));
    }
    try {
      return toApiGateway(await ingest(fromApiGateway(event)));
    } finally {
      metrics.flush();
    }
  };
}

export const handler = createIngestHandler();
