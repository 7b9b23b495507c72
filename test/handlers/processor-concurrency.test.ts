import type { AppSetup } from '../../lambdas/core/router';
import { createSqsPoller } from '../../lambdas/local/sqs-poller';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { installation, type Pipeline, startPipeline, WEBHOOK_SECRET } from '../helpers/pipeline';
import { createSignal } from '../helpers/signal';
import { lowerCase, planeHeaders, pythonJson, v1Envelope } from '../helpers/webhooks';

let pipeline: Pipeline;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  pipeline = await startPipeline();
  await pipeline.store.putInstallation(installation());
});
afterAll(() => pipeline.close());
// Ingest's log lines and the EMF metrics go to stdout.
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

async function deliver(envelope: Record<string, unknown>): Promise<void> {
  const body = pythonJson(envelope);
  const result = await pipeline.ingest(
    apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, WEBHOOK_SECRET)), body }),
  );
  expect(result.statusCode).toBe(200);
}

/** Resolves once `done` holds on 5 checks in a row, or after `timeoutMs`. */
async function settled(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 5 && Date.now() < deadline; ) {
    quiet = (await done()) ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('SQS delivers one message to two processor invocations at once and the first one dies: the copy that ' +
  'met its claim was not acknowledged, so the event is still processed', async () => {
  await deliver(v1Envelope({ data: { id: 'twice-at-once' } }));
  const copyAnswered = createSignal();
  let attempts = 0;
  const processed: string[] = [];
  const setup: AppSetup = (app) => {
    app.on('issue', async (event) => {
      attempts += 1;
      // The attempt that took the claim holds it until the other copy has been answered, then dies.
      if (attempts === 1) {
        await copyAnswered.promise;
        throw new Error('the first invocation dies');
      }
      processed.push(String(event.data.id));
    });
  };
  const handle = pipeline.processor(setup);
  const answers: number[] = [];
  const poller = createSqsPoller({
    client: pipeline.sqsClient,
    queueUrl: pipeline.sqs.queueUrl,
    // Two invocations at once, one message each; a 1 s visibility timeout makes SQS hand the
    // message to the second while the first still holds it (SQS may do so at any time).
    concurrency: 2,
    batchSize: 1,
    visibilityTimeoutSeconds: 1,
    handler: async (event) => {
      const response = await handle(event);
      answers.push(response.batchItemFailures.length);
      copyAnswered.fire(); // the attempt holding the claim is still running, so this was the copy
      return response;
    },
  });
  poller.start();
  await copyAnswered.promise;
  await settled(async () => !poller.isBusy() && (await pipeline.depth(pipeline.sqs.queueUrl)) === 0);
  await poller.stop();
  expect(processed).toEqual(['twice-at-once']);
  // The copy and the attempt that died both failed; a later receive processed the event.
  expect(answers).toEqual([1, 1, 0]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(0);
}, 30_000);

test('Plane sends one body four times and four processor invocations get the copies at once: the handler ' +
  'runs once, the three copies that met its claim are retried (not acknowledged), then found done', async () => {
  const envelope = v1Envelope({ data: { id: 'four-copies' } });
  for (let copy = 0; copy < 4; copy += 1) await deliver(envelope);
  const threeAnswered = createSignal();
  const runs: string[] = [];
  const setup: AppSetup = (app) => {
    app.on('issue', async (event) => {
      runs.push(String(event.data.id));
      await threeAnswered.promise; // holds the claim until the other three copies have been answered
    });
  };
  const handle = pipeline.processor(setup);
  const firstAnswers: number[] = [];
  const poller = createSqsPoller({
    client: pipeline.sqsClient,
    queueUrl: pipeline.sqs.queueUrl,
    concurrency: 4,
    batchSize: 1,
    visibilityTimeoutSeconds: 1,
    handler: async (event) => {
      const response = await handle(event);
      if (event.Records[0].attributes.ApproximateReceiveCount === '1') {
        firstAnswers.push(response.batchItemFailures.length);
        if (firstAnswers.length === 3) threeAnswered.fire();
      }
      return response;
    },
  });
  poller.start();
  await threeAnswered.promise;
  await settled(async () => !poller.isBusy() && (await pipeline.depth(pipeline.sqs.queueUrl)) === 0);
  await poller.stop();
  expect(runs).toEqual(['four-copies']);
  expect(firstAnswers).toEqual([1, 1, 1, 0]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(0);
  const retried = stdout.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"EventRetried"'));
  expect(retried).toHaveLength(3);
}, 30_000);
