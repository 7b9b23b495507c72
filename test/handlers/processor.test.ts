import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PlaneEvent } from '../../lambdas/core/events';
import { silentLogger } from '../../lambdas/core/logger';
import type { AppSetup } from '../../lambdas/core/router';
import { createProcessorHandler } from '../../lambdas/handlers/processor';
import { createSqsPoller } from '../../lambdas/local/sqs-poller';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { installation, type Pipeline, startPipeline } from '../helpers/pipeline';
import { v1Envelope } from '../helpers/webhooks';

let pipeline: Pipeline;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());
beforeEach(async () => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  await pipeline.store.putInstallation(installation());
});
afterEach(() => stdout.mockRestore());

function recorder(fail?: (event: PlaneEvent) => boolean) {
  const seen: PlaneEvent[] = [];
  const setup: AppSetup = (app) => {
    app.on('issue', (event) => {
      seen.push(event);
      if (fail?.(event)) throw new Error('handler failed on purpose');
    });
  };
  return { seen, setup };
}

test('the same webhook delivered twice reaches the handler once', async () => {
  const envelope = v1Envelope({ data: { id: 'dup-1', name: 'Twice' } });
  await pipeline.deliver(envelope);
  await pipeline.deliver(envelope);
  const { seen, setup } = recorder();
  await pipeline.drain(setup);
  expect(seen.map((event) => event.data.id)).toEqual(['dup-1']);
  expect(await pipeline.depth(pipeline.sqs.queueUrl)).toBe(0);
});

test('a failing record is reported alone and the rest of the batch is deleted', async () => {
  await pipeline.deliver(v1Envelope({ data: { id: 'ok-1' } }));
  await pipeline.deliver(v1Envelope({ data: { id: 'bad-1' } }));
  await pipeline.deliver(v1Envelope({ data: { id: 'ok-2' } }));
  const { setup } = recorder((event) => event.data.id === 'bad-1');
  const responses = await pipeline.drain(setup, { maxBatches: 1 });
  expect(responses).toHaveLength(1);
  expect(responses[0].batchItemFailures).toHaveLength(1);
  expect(await pipeline.depth(pipeline.sqs.queueUrl)).toBe(1);
  await pipeline.drain(recorder().setup);
});

test(
  'a record that fails on every receive is parked in the dead-letter queue after 5 receives, and its ' +
    'retries are not blocked by its dedup record',
  async () => {
    await pipeline.deliver(v1Envelope({ data: { id: 'poison-1' } }));
    const { seen, setup } = recorder(() => true);
    await pipeline.drain(setup);
    expect(seen.length).toBe(5);
    expect(await pipeline.depth(pipeline.sqs.queueUrl)).toBe(0);
    expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(1);
  },
);

test("an event caused by the installation's own bot is dropped before the handlers", async () => {
  await pipeline.deliver(v1Envelope({ actorId: 'bot-1', data: { id: 'echo-1' } }));
  const { seen, setup } = recorder();
  const responses = await pipeline.drain(setup);
  expect(seen).toHaveLength(0);
  expect(responses[0].batchItemFailures).toHaveLength(0);
});

test('an event for a workspace that never installed the app is acknowledged and skipped', async () => {
  await pipeline.deliver(v1Envelope({ workspaceId: 'ws-unknown', data: { id: 'nobody-1' } }));
  const { seen, setup } = recorder();
  const responses = await pipeline.drain(setup);
  expect(seen).toHaveLength(0);
  expect(responses[0].batchItemFailures).toHaveLength(0);
  expect(stdout.mock.calls.map((call) => String(call[0])).join('')).toContain('"Reason":"unknown_installation"');
});

test('a processed event emits EventProcessed for the stage in EMF', async () => {
  await pipeline.deliver(v1Envelope({ data: { id: 'metrics-1' } }));
  await pipeline.drain(recorder().setup);
  const lines = stdout.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"_aws"'));
  const processed = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((doc) => doc.EventProcessed === 1);
  expect(processed).toMatchObject({
    Stage: 'test',
    _aws: { CloudWatchMetrics: [{ Namespace: 'PlaneApp', Dimensions: [['Stage']] }] },
  });
});

test('a processor deployed before the client id is set still handles events whose token is fresh', async () => {
  await pipeline.deliver(v1Envelope({ data: { id: 'no-client-id-1' } }));
  const { PLANE_CLIENT_ID: _unset, ...env } = pipeline.env;
  const { seen, setup } = recorder();
  const handler = createProcessorHandler({ ...env, PLANE_API_URL: 'http://127.0.0.1:9' }, { setup, log: silentLogger });
  const poller = createSqsPoller({
    client: pipeline.sqsClient,
    queueUrl: pipeline.sqs.queueUrl,
    handler: (event) => handler(event, { getRemainingTimeInMillis: () => 30_000 }),
  });
  expect(await poller.pollOnce(0)).toBe(1);
  expect(seen.map((event) => event.data.id)).toEqual(['no-client-id-1']);
});

/** A work-item webhook as large as Plane sends for a long description (over a queue message's 256 KiB). */
function largeEnvelope(id: string): Record<string, unknown> {
  const text = 'A long description, repeated. '.repeat(70_000);
  return v1Envelope({ data: { id, description_html: `<p>${text}</p>`, description_stripped: text } });
}

test('a 4 MB webhook reaches the handler whole: its body is read back from the bucket', async () => {
  const body = await pipeline.deliver(largeEnvelope('large-1'));
  expect(Buffer.byteLength(body)).toBeGreaterThan(4_000_000);
  const { seen, setup } = recorder();
  const responses = await pipeline.drain(setup);
  expect(seen.map((event) => [event.data.id, event.payload])).toEqual([['large-1', JSON.parse(body)]]);
  expect(responses.flatMap((response) => response.batchItemFailures)).toEqual([]);
}, 30_000);

test('a claimed body that is not the one that was verified fails its record, not reaching the handler', async () => {
  const body = await pipeline.deliver(largeEnvelope('large-2'));
  const key = `large/${createHash('sha256').update(body).digest('hex')}`;
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: pipeline.s3.endpoint });
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: pipeline.s3.bucket, Key: key, Body: body.replace('large-2', 'evil-2') }),
    );
    const { seen, setup } = recorder();
    const [response] = await pipeline.drain(setup, { maxBatches: 1 });
    expect([seen.length, response.batchItemFailures.length]).toEqual([0, 1]);
    // Put the real body back: the retry then succeeds.
    await s3.send(new PutObjectCommand({ Bucket: pipeline.s3.bucket, Key: key, Body: body }));
    const retried = recorder();
    await pipeline.drain(retried.setup);
    expect(retried.seen.map((event) => event.data.id)).toEqual(['large-2']);
  } finally {
    s3.destroy();
  }
}, 30_000);
