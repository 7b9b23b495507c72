import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { formatInstallations } from '../../bin/ops/list-installations';
import { putSecret } from '../../bin/ops/put-secret';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { type RedriveResult, redrive, sendBatches } from '../../lambdas/adapters/sqs-redrive';
import {
  LOCAL_AWS,
  type SqsStandIn,
  type StandIn,
  startDynamo,
  startSecretsManager,
  startSqs,
} from '../../lambdas/local/stand-ins';
import { installation } from '../helpers/pipeline';
import { drainQueue } from '../helpers/queue-messages';

let sqs: SqsStandIn;
let client: SQSClient;

beforeAll(async () => {
  sqs = await startSqs({ queueName: 'ops' });
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

async function bodies(queueUrl: string): Promise<string[]> {
  const messages = await drainQueue(client, queueUrl);
  return messages.map((message) => `${message.body}|${message.attributes.dedupKey}`).sort();
}

test('a dry run counts the parked messages and moves none; ' +
  'a redrive moves exactly them with their attributes', async () => {
  for (const n of [1, 2, 3]) {
    await client.send(
      new SendMessageCommand({
        QueueUrl: sqs.deadLetterQueueUrl,
        MessageBody: `{"event": "issue", "n": ${n}}`,
        MessageAttributes: { dedupKey: { DataType: 'String', StringValue: `sha256:${n}` } },
      }),
    );
  }
  const dry = await redrive({
    sqs: client,
    queueUrl: sqs.queueUrl,
    deadLetterQueueUrl: sqs.deadLetterQueueUrl,
    dryRun: true,
  });
  expect(dry).toEqual({ parked: 3, moved: 0, failed: 0, notDeleted: 0 });
  const moved = await redrive({
    sqs: client,
    queueUrl: sqs.queueUrl,
    deadLetterQueueUrl: sqs.deadLetterQueueUrl,
    dryRun: false,
  });
  expect(moved).toEqual({ parked: 3, moved: 3, failed: 0, notDeleted: 0 });
  expect(await bodies(sqs.queueUrl)).toEqual([1, 2, 3].map((n) => `{"event": "issue", "n": ${n}}|sha256:${n}`));
  expect(await bodies(sqs.deadLetterQueueUrl)).toEqual([]);
}, 20_000);

test('a redrive with a limit moves no more than the limit and reports its progress', async () => {
  const reports: RedriveResult[] = [];
  for (const n of [1, 2, 3])
    await client.send(new SendMessageCommand({ QueueUrl: sqs.deadLetterQueueUrl, MessageBody: `limit-${n}` }));
  const result = await redrive({
    sqs: client,
    queueUrl: sqs.queueUrl,
    deadLetterQueueUrl: sqs.deadLetterQueueUrl,
    dryRun: false,
    limit: 2,
    onProgress: (progress) => reports.push(progress),
  });
  expect(result.moved).toBe(2);
  // Counted first, then once per batch: what the progress bar of `npm run redrive` shows.
  expect(reports[0]).toEqual({ parked: 3, moved: 0, failed: 0, notDeleted: 0 });
  expect(reports.at(-1)).toEqual({ parked: 3, moved: 2, failed: 0, notDeleted: 0 });
  await bodies(sqs.queueUrl);
}, 20_000);

/** A fresh event queue and dead-letter queue on a stand-in of their own, with a client for them. */
async function freshQueues(name: string): Promise<{ queues: SqsStandIn; own: SQSClient; close: () => Promise<void> }> {
  const queues = await startSqs({ queueName: name });
  const own = new SQSClient({ ...LOCAL_AWS, endpoint: queues.endpoint });
  const close = async () => {
    own.destroy();
    await queues.close();
  };
  return { queues, own, close };
}

/** Parks `count` messages of about `bytes` each, with a claim check's Number attribute on each. */
async function park(own: SQSClient, queueUrl: string, count: number, bytes: number, tag: string): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    await own.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: `${tag}-${n}:${'x'.repeat(bytes)}`,
        MessageAttributes: {
          dedupKey: { DataType: 'String', StringValue: `sha256:${tag}-${n}` },
          ExtendedPayloadSize: { DataType: 'Number', StringValue: String(bytes) },
        },
      }),
    );
  }
}

test('a redrive of ten 200 KB messages sends batches within 256 KiB and moves them all, attributes kept', async () => {
  // Before batching by size, one batch of ten went over SendMessageBatch's limit and none moved.
  const { queues, own, close } = await freshQueues('ops-large');
  try {
    await park(own, queues.deadLetterQueueUrl, 10, 200_000, 'big');
    const result = await redrive({
      sqs: own,
      queueUrl: queues.queueUrl,
      deadLetterQueueUrl: queues.deadLetterQueueUrl,
      dryRun: false,
    });
    expect(result).toEqual({ parked: 10, moved: 10, failed: 0, notDeleted: 0 });
    const received = await own.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    const moved = (received.Messages ?? []).map((message) => ({
      tag: message.Body?.split(':')[0],
      dedupKey: message.MessageAttributes?.dedupKey?.StringValue,
      size: message.MessageAttributes?.ExtendedPayloadSize,
    }));
    expect(moved.map((m) => m.tag).sort()).toEqual([...Array(10).keys()].map((n) => `big-${n}`).sort());
    expect(moved.every((m) => m.dedupKey === `sha256:${m.tag}`)).toBe(true);
    expect(moved[0].size).toEqual({ DataType: 'Number', StringValue: '200000' });
  } finally {
    await close();
  }
}, 30_000);

test('batches hold at most 10 messages and 256 KiB, in order', () => {
  const message = (bytes: number, id: string) => ({ MessageId: id, Body: 'x'.repeat(bytes) });
  const sizes = sendBatches([message(100_000, 'a'), message(100_000, 'b'), message(100_000, 'c'), message(10, 'd')]);
  expect(sizes.map((batch) => batch.map((m) => m.MessageId))).toEqual([
    ['a', 'b'],
    ['c', 'd'],
  ]);
  const small = sendBatches([...Array(12).keys()].map((n) => message(10, String(n))));
  expect(small.map((batch) => batch.length)).toEqual([10, 2]);
});

test('a delete from the dead-letter queue that fails is reported, not counted as a clean move', async () => {
  const { queues, own, close } = await freshQueues('ops-undeleted');
  try {
    await park(own, queues.deadLetterQueueUrl, 3, 100, 'undeleted');
    // The real client against local-aws-sqs, with one receipt handle spoilt on its way to DeleteMessageBatch.
    const spoiling: Pick<SQSClient, 'send'> = {
      send: ((command: Parameters<SQSClient['send']>[0]) => {
        if (command instanceof DeleteMessageBatchCommand && command.input.Entries?.[0])
          command.input.Entries[0].ReceiptHandle = 'spoilt-receipt-handle';
        return own.send(command);
      }) as SQSClient['send'],
    };
    const result = await redrive({
      sqs: spoiling,
      queueUrl: queues.queueUrl,
      deadLetterQueueUrl: queues.deadLetterQueueUrl,
      dryRun: false,
    });
    expect(result).toEqual({ parked: 3, moved: 3, failed: 0, notDeleted: 1 });
  } finally {
    await close();
  }
}, 30_000);

test('the installations command reads what the callback stored in DynamoDB and shows no token', async () => {
  const dynamo = await startDynamo({ tableName: 'ops-installations' });
  const documents = createDocumentClient(new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint }));
  try {
    const store = createDynamoInstallationStore(documents, 'ops-installations');
    const token = {
      accessToken: 'pln_bot_stored_token_abcdef123456',
      expiresAt: Date.now() + 3_600_000,
      renewAt: Date.now() + 3_300_000,
    };
    await store.putInstallation(installation({ workspaceId: 'ws-b', workspaceSlug: 'beta', botToken: token }));
    await store.recordRefusal(
      'ws-b',
      'token endpoint answered 400 invalid_grant',
      Date.parse('2026-11-29T12:00:00Z'),
      1,
    );
    await store.putInstallation(
      installation({ workspaceId: 'ws-a', workspaceSlug: 'alpha', status: 'reinstall_needed', botToken: token }),
    );
    await store.putUserGrant({ workspaceId: 'ws-a', userId: 'u-1', token, createdAt: 0, updatedAt: 0 });
    const text = formatInstallations(await store.listInstallations(), Date.now());
    const [header, first, second, ...rest] = text.split('\n');
    expect(header).toMatch(/^WORKSPACE\s+WORKSPACE ID\s+STATUS/);
    expect(first).toMatch(/^alpha\s+ws-a\s+reinstall_needed\s/);
    expect(second).toMatch(/^beta\s+ws-b\s+installed \(refused 2026-11-29T12:00:00.000Z\)\s/);
    expect(rest).toEqual([]);
    expect(text).not.toContain(token.accessToken);
  } finally {
    documents.destroy();
    await dynamo.close();
  }
});

test('the installation list shows workspace, status and token expiry, never the token', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const text = formatInstallations(
    [
      installation({
        botToken: { accessToken: 'pln_bot_secret_value_123456', expiresAt: now + 3_600_000, renewAt: now + 3_300_000 },
      }),
    ],
    now,
  );
  expect(text).toContain('acme');
  expect(text).toContain('installed');
  expect(text).toContain('2026-11-29T13:00:00.000Z (valid)');
  expect(text).not.toContain('pln_bot_secret_value_123456');
});

describe('set-secret', () => {
  let secrets: StandIn;
  let sm: SecretsManagerClient;
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook';
  beforeAll(async () => {
    secrets = await startSecretsManager(new Map([[arn, 'old-secret']]));
    sm = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: secrets.endpoint });
  });
  afterAll(async () => {
    sm.destroy();
    await secrets.close();
  });
  const current = async () => (await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;

  test('--append keeps the old webhook secret active beside the new one, newest last', async () => {
    expect(await putSecret(sm, arn, 'new-secret', true)).toBe(2);
    expect(await current()).toBe('old-secret\nnew-secret');
  });

  test('without --append the value is replaced, ending a rotation', async () => {
    expect(await putSecret(sm, arn, 'new-secret', false)).toBe(1);
    expect(await current()).toBe('new-secret');
  });

  test('an empty value or one with spaces changes nothing', async () => {
    await expect(putSecret(sm, arn, 'two words', false)).rejects.toThrow('nothing was changed');
    await expect(putSecret(sm, arn, '', false)).rejects.toThrow('nothing was changed');
    expect(await current()).toBe('new-secret');
  });
});
