import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { MAX_RECEIVE_COUNT, QUEUE_MAX_MESSAGE_BYTES } from '../core/limits';
import { closeServer, listen } from './net';

/**
 * The AWS stand-ins local mode and the integration tests run against: dynalite (DynamoDB),
 * local-aws-sqs (SQS), a small Secrets Manager stub and s3rver (S3, in s3-stand-in.ts), all
 * speaking the real wire protocols so the same SDK clients and adapters work unchanged. Never
 * bundled into a Lambda.
 */

/**
 * Credentials and region for SDK clients talking to the stand-ins. Only s3rver checks them: it
 * knows one key pair, `S3RVER`/`S3RVER`.
 */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;

/**
 * Points the SDK clients created from now on at the stand-ins through the environment
 * (`AWS_ENDPOINT_URL_*`), as Lambda's environment points them at AWS. Returns a function that
 * restores the previous values. An endpoint left out is unset.
 */
export function pointSdkAt(endpoints: {
  sqs?: string;
  dynamodb?: string;
  secretsManager?: string;
  s3?: string;
}): () => void {
  const values: Record<string, string | undefined> = {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(previous);
}

export interface StandIn {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Creates the stack's table shape (partition key `pk`) unless it exists, and waits until it is active. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i += 1) {
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (table.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts dynalite, in memory or in `path` (installations then survive a restart), and creates the table. */
export async function startDynamo(options: { tableName: string; path?: string; port?: number }): Promise<StandIn> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  await createTable(client, options.tableName);
  client.destroy();
  return { endpoint, close: () => closeServer(server) };
}

export interface SqsStandIn extends StandIn {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/** Starts local-aws-sqs with the event queue and its dead-letter queue (5 receives, like the stack). */
export async function startSqs(options: {
  queueName: string;
  visibilityTimeoutSeconds?: number;
  port?: number;
}): Promise<SqsStandIn> {
  const server = await createSqsServer({
    port: options.port ?? 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({ ...LOCAL_AWS, endpoint });
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: `${options.queueName}-dlq`,
      Attributes: { MessageRetentionPeriod: '1209600' },
    }),
  );
  const dlqArn = `arn:aws:sqs:us-east-1:123456789012:${options.queueName}-dlq`;
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: options.queueName,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        MaximumMessageSize: String(QUEUE_MAX_MESSAGE_BYTES),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
      },
    }),
  );
  client.destroy();
  const queueUrl = queue.QueueUrl;
  const deadLetterQueueUrl = dlq.QueueUrl;
  if (!queueUrl || !deadLetterQueueUrl)
    throw new Error(`SQS stand-in created ${options.queueName} but returned no URL`);
  return { endpoint, queueUrl, deadLetterQueueUrl, close: () => closeServer(server) };
}

/**
 * A Secrets Manager stand-in for GetSecretValue and PutSecretValue (JSON protocol,
 * `X-Amz-Target: secretsmanager.<Action>`), over `secrets` (by name or ARN). Values can be
 * changed while it runs (a rotation).
 */
export async function startSecretsManager(
  secrets: Map<string, string>,
  options: { port?: number } = {},
): Promise<StandIn & { calls: () => number }> {
  let calls = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls += 1;
      const target = String(request.headers['x-amz-target'] ?? '');
      let input: { SecretId?: string } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: string };
      } catch {
        input = {};
      }
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const id = input.SecretId ?? '';
      if (target === 'secretsmanager.PutSecretValue' && secrets.has(id)) {
        secrets.set(id, String((input as { SecretString?: string }).SecretString ?? ''));
        return send(200, { ARN: id, Name: id, VersionId: `v${calls}` });
      }
      if (target !== 'secretsmanager.GetSecretValue')
        return send(400, { __type: 'InvalidRequestException', message: `unsupported: ${target}` });
      const value = secrets.get(id);
      if (value === undefined)
        return send(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      return send(200, {
        ARN: id.startsWith('arn:') ? id : `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}`,
        Name: id,
        SecretString: value,
        VersionId: 'local',
      });
    });
  });
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return { endpoint: `http://127.0.0.1:${port}`, close: () => closeServer(server), calls: () => calls };
}
