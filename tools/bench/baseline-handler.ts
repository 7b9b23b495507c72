import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Cached as long as the ingest function caches its webhook secret. */
const SECRET_TTL_MS = 300_000;

/**
 * The benchmark's yardstick for the ingest function: the least a webhook Lambda with the same I/O
 * can do. It reads one secret (GetSecretValue, kept 5 minutes like ingest's) and sends the body as
 * one SQS message; no signature check, no parsing, no logging. Clients are created once per cold
 * start, like ingest's. Built with the same esbuild settings; never deployed.
 */
export function createBaselineHandler(env: Readonly<Record<string, string | undefined>> = process.env) {
  const secrets = new SecretsManagerClient({});
  const sqs = new SQSClient({});
  let secret: { value: Promise<string | undefined>; at: number } | undefined;

  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (!secret || Date.now() - secret.at > SECRET_TTL_MS) {
      const value = secrets
        .send(new GetSecretValueCommand({ SecretId: env.WEBHOOK_SECRET_ARN }))
        .then((result) => result.SecretString);
      secret = { value, at: Date.now() };
      value.catch(() => (secret = undefined));
    }
    await secret.value;
    await sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_URL, MessageBody: event.body ?? '' }));
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  };
}

export const handler = createBaselineHandler();
