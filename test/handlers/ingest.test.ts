import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { LOCAL_AWS, type SqsStandIn, type StandIn, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { lowerCase, planeHeaders, pythonJson, v1Envelope } from '../helpers/webhooks';

const SECRET = 'whsec-test-0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook';

let sqs: SqsStandIn;
let secrets: StandIn;
let restore: () => void;
let client: SQSClient;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  sqs = await startSqs({ queueName: 'ingest-test' });
  secrets = await startSecretsManager(new Map([[SECRET_ARN, SECRET]]));
  restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint });
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
});

afterAll(async () => {
  client.destroy();
  restore();
  await Promise.all([sqs.close(), secrets.close()]);
});

beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

const handler = () => createIngestHandler({ QUEUE_URL: sqs.queueUrl, WEBHOOK_SECRET_ARN: SECRET_ARN, STAGE: 'test' });

async function drain(): Promise<Array<{ body: string; attributes: Record<string, string | undefined> }>> {
  const out: Array<{ body: string; attributes: Record<string, string | undefined> }> = [];
  for (;;) {
    const page = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: sqs.queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    if (!page.Messages?.length) return out;
    for (const message of page.Messages) {
      out.push({
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
        ),
      });
    }
  }
}

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

test('a body over the queue limit is answered 413 and not queued', async () => {
  const body = pythonJson(v1Envelope({ data: { id: 'i1', description_html: 'x'.repeat(300_000) } }));
  const result = await handler()(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, SECRET)), body }),
  );
  expect(result.statusCode).toBe(413);
  expect(await drain()).toHaveLength(0);
});

test('when SQS is down the webhook is answered 503, never 200, and the log names the dedup key only', async () => {
  const body = pythonJson(v1Envelope());
  // Nothing listens on port 9: every attempt of the SDK's retries fails.
  const down = createIngestHandler({
    QUEUE_URL: 'http://127.0.0.1:9/123456789012/missing',
    WEBHOOK_SECRET_ARN: SECRET_ARN,
    STAGE: 'test',
  });
  const result = await down(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, SECRET)), body }),
  );
  expect(result.statusCode).toBe(503);
  expect(JSON.parse(String(result.body))).toMatchObject({ error: 'enqueue_failed' });
  const logged = stdout.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toContain('webhook not queued');
  expect(logged).toMatch(/"dedupKey":"sha256:[0-9a-f]{64}"/);
  expect(logged).not.toContain(SECRET);
  expect(logged).not.toContain('Caf');
}, 30_000);

test('a missing setting is a clear configuration error, not a crash', async () => {
  const result = await createIngestHandler({ STAGE: 'test' })(apiGatewayEvent({ path: '/webhook', body: '{}' }));
  expect(result.statusCode).toBe(500);
  expect(String(result.body)).toContain('QUEUE_URL is not set; WEBHOOK_SECRET_ARN is not set');
});
