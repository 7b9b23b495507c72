import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { type S3StandIn, startS3 } from '../../lambdas/local/s3-stand-in';
import { LOCAL_AWS, type SqsStandIn, type StandIn, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { drainQueue } from '../helpers/queue-messages';
import { lowerCase, planeHeaders, pythonJson, v1Envelope } from '../helpers/webhooks';

const SECRET = 'whsec-test-0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook';

const BUCKET = 'ingest-test-payloads';

let sqs: SqsStandIn;
let secrets: StandIn;
let s3: S3StandIn;
let restore: () => void;
let client: SQSClient;
let s3Client: S3Client;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  sqs = await startSqs({ queueName: 'ingest-test' });
  secrets = await startSecretsManager(new Map([[SECRET_ARN, SECRET]]));
  s3 = await startS3({ bucket: BUCKET });
  restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint, s3: s3.endpoint });
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
  s3Client = new S3Client({ ...LOCAL_AWS, endpoint: s3.endpoint, forcePathStyle: true });
});

afterAll(async () => {
  client.destroy();
  s3Client.destroy();
  restore();
  await Promise.all([sqs.close(), secrets.close(), s3.close()]);
});

beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

const env = () => ({ QUEUE_URL: sqs.queueUrl, WEBHOOK_SECRET_ARN: SECRET_ARN, PAYLOAD_BUCKET: BUCKET, STAGE: 'test' });
const handler = () => createIngestHandler(env());
/** Nothing listens on port 9: every attempt of the SDK's retries fails. */
const DOWN = 'http://127.0.0.1:9';

async function objectText(key: string): Promise<{ text: string; metadata: Record<string, string> }> {
  const object = await s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { text: (await object.Body?.transformToString('utf8')) ?? '', metadata: object.Metadata ?? {} };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A work-item webhook the size Plane sends for a long description (its fields repeat the text). */
function largeBody(bytes: number, workspaceId = 'ws-large'): string {
  const text = 'A long description. '.repeat(Math.ceil(bytes / 20)).slice(0, bytes);
  return pythonJson(v1Envelope({ workspaceId, data: { id: 'big-1', description_html: `<p>${text}</p>` } }));
}

const drain = () => drainQueue(client, sqs.queueUrl);

test('a signed Plane webhook with mixed-case headers is queued with its attributes and answered 200', async () => {
  const body = pythonJson(v1Envelope({ workspaceId: 'ws-42' }));
  const headers = planeHeaders(body, SECRET);
  const result = await handler()(apiGatewayEvent({ path: '/webhook', headers, body }));
  expect(result.statusCode).toBe(200);
  const [message, ...rest] = await drain();
  expect(rest).toHaveLength(0);
  expect(message.body).toBe(body);
  // Exactly the attributes the processor reads: nothing else crosses the queue.
  expect(message.attributes).toEqual({
    event: 'issue',
    workspaceId: 'ws-42',
    dedupKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    deliveryId: headers['X-Plane-Delivery'],
  });
});

test('a base64 body with raw non-ASCII bytes is verified over its bytes and queued unchanged', async () => {
  const raw = Buffer.from(JSON.stringify(v1Envelope({ data: { id: 'i1', name: 'Crème brûlée ✓' } })), 'utf8');
  const result = await handler()(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(raw, SECRET)), body: raw, base64: true }),
  );
  expect(result.statusCode).toBe(200);
  const [message] = await drain();
  expect(Buffer.from(message.body, 'utf8').equals(raw)).toBe(true);
});

test.each([
  ['no signature', undefined],
  ['an empty signature', ''],
  ['a short signature', 'abc123'],
  ['a garbage signature', 'z'.repeat(64)],
  ['a signature made with another secret', 'other'],
])('%s is answered 401 and nothing is queued', async (_name, signature) => {
  const body = pythonJson(v1Envelope());
  const headers = lowerCase(planeHeaders(body, signature === 'other' ? 'another-secret' : SECRET));
  if (signature === undefined) delete headers['x-plane-signature'];
  else if (signature !== 'other') headers['x-plane-signature'] = signature;
  const result = await handler()(apiGatewayEvent({ path: '/webhook', headers, body }));
  expect(result.statusCode).toBe(401);
  expect(JSON.parse(String(result.body))).toMatchObject({ error: 'invalid_signature' });
  expect(await drain()).toHaveLength(0);
});

test('a signed body that is not an envelope is answered 400 with the reason and not queued', async () => {
  const body = '{"action": "created", "workspace_id": "ws-1"}';
  const result = await handler()(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, SECRET)), body }),
  );
  expect(result.statusCode).toBe(400);
  expect(JSON.parse(String(result.body))).toEqual({ error: 'invalid_envelope', message: 'body has no event name' });
  expect(await drain()).toHaveLength(0);
});

test('a body too large for a queue message is kept in the bucket and its claim check queued (200)', async () => {
  const body = largeBody(2_000_000);
  const headers = lowerCase(planeHeaders(body, SECRET));
  const result = await handler()(apiGatewayEvent({ path: '/webhook', headers, body }));
  expect(result.statusCode).toBe(200);
  const [message, ...rest] = await drain();
  expect(rest).toHaveLength(0);
  const key = `large/${sha256(body)}`;
  // The SQS Extended Client's pointer and size attribute, beside the kit's own attributes.
  expect(JSON.parse(message.body)).toEqual([
    'software.amazon.payloadoffloading.PayloadS3Pointer',
    { s3BucketName: BUCKET, s3Key: key },
  ]);
  expect(message.attributes).toEqual({
    event: 'issue',
    workspaceId: 'ws-large',
    dedupKey: `sha256:${sha256(body)}`,
    deliveryId: headers['x-plane-delivery'],
    ExtendedPayloadSize: String(Buffer.byteLength(body)),
  });
  expect((await objectText(key)).text).toBe(body);
}, 30_000);

test('a body over MAX_BODY_BYTES is answered 413, logged and counted, and nothing is kept', async () => {
  const body = largeBody(5_000);
  const small = createIngestHandler({ ...env(), MAX_BODY_BYTES: '4096' });
  const result = await small(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, SECRET)), body }),
  );
  expect(result.statusCode).toBe(413);
  expect(await drain()).toHaveLength(0);
  const logged = stdout.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toContain('"reason":"payload_too_large"');
  const metric = logged.split('\n').find((line) => line.includes('"WebhookRejected":1'));
  expect(metric).toContain('"Reason":"payload_too_large"');
});

test('when SQS is down the verified body is kept under undelivered/ with its attributes and answered 200', async () => {
  const body = pythonJson(v1Envelope({ workspaceId: 'ws-outage' }));
  const headers = lowerCase(planeHeaders(body, SECRET));
  const down = createIngestHandler({ ...env(), QUEUE_URL: `${DOWN}/123456789012/missing` });
  const result = await down(apiGatewayEvent({ path: '/webhook', headers, body }));
  expect(result.statusCode).toBe(200);
  const key = `undelivered/${sha256(body)}`;
  expect(await keysUnder('undelivered/')).toContain(key);
  const kept = await objectText(key);
  expect(kept.text).toBe(body);
  expect(kept.metadata).toEqual({
    event: 'issue',
    'workspace-id': 'ws-outage',
    'dedup-key': `sha256:${sha256(body)}`,
    'delivery-id': headers['x-plane-delivery'],
  });
  const logged = stdout.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toContain('WebhookOverflowed');
  expect(logged).not.toContain(SECRET);
}, 60_000);

test('with SQS and S3 both down the webhook is answered 503, never 200; the log names only the dedup key', async () => {
  const body = pythonJson(v1Envelope());
  const restoreS3 = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint, s3: DOWN });
  try {
    const down = createIngestHandler({ ...env(), QUEUE_URL: `${DOWN}/123456789012/missing` });
    const result = await down(
      apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, SECRET)), body }),
    );
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(String(result.body))).toMatchObject({ error: 'enqueue_failed' });
  } finally {
    restoreS3();
  }
  const logged = stdout.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toContain('webhook not queued');
  expect(logged).toMatch(/"dedupKey":"sha256:[0-9a-f]{64}"/);
  expect(logged).not.toContain(SECRET);
  expect(logged).not.toContain('Caf');
}, 60_000);

test('a missing setting is a clear configuration error, not a crash', async () => {
  const result = await createIngestHandler({ STAGE: 'test' })(apiGatewayEvent({ path: '/webhook', body: '{}' }));
  expect(result.statusCode).toBe(500);
  expect(String(result.body)).toContain(
    'QUEUE_URL is not set; PAYLOAD_BUCKET is not set; WEBHOOK_SECRET_ARN is not set',
  );
});
