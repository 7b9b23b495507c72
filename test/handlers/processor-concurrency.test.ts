import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AppSetup } from '../../lambdas/core/router';
import { createSqsPoller } from '../../lambdas/local/sqs-poller';
import { installation, type Pipeline, startPipeline } from '../helpers/pipeline';
import { createSignal } from '../helpers/signal';
import { v1Envelope } from '../helpers/webhooks';

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

/** Resolves once `done` holds on 5 checks in a row, or after `timeoutMs`. */
async function settled(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 5 && Date.now() < deadline; ) {
    quiet = (await done()) ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `concurrency` processor invocations at once, one message each, with a 1 s visibility
 * timeout (so SQS hands a message still being processed to another invocation, as SQS may do at
 * any time), until `ready` has resolved and the queue has drained. `onAnswer` sees every batch.
 */
async function runConcurrently(
  setup: AppSetup,
  concurrency: number,
  ready: Promise<void>,
  onAnswer: (event: SQSEvent, response: SQSBatchResponse) => void,
): Promise<void> {
  const handle = pipeline.processor(setup);
  const poller = createSqsPoller({
    client: pipeline.sqsClient,
    queueUrl: pipeline.sqs.queueUrl,
    concurrency,
    batchSize: 1,
    visibilityTimeoutSeconds: 1,
    handler: async (event) => {
      const response = await handle(event);
      onAnswer(event, response);
      return response;
    },
  });
  poller.start();
  await ready;
  await settled(async () => !poller.isBusy() && (await pipeline.depth(pipeline.sqs.queueUrl)) === 0);
  await poller.stop();
}

test('SQS delivers one message to two processor invocations at once and the first one dies: the copy that ' +
  'met its claim was not acknowledged, so the event is still processed', async () => {
  await pipeline.deliver(v1Envelope({ data: { id: 'twice-at-once' } }));
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
  const answers: number[] = [];
  // Two invocations at once: SQS hands the message to the second while the first still holds it.
  await runConcurrently(setup, 2, copyAnswered.promise, (_event, response) => {
    answers.push(response.batchItemFailures.length);
    copyAnswered.fire(); // the attempt holding the claim is still running, so this was the copy
  });
  expect(processed).toEqual(['twice-at-once']);
  // The copy and the attempt that died both failed; a later receive processed the event.
  expect(answers).toEqual([1, 1, 0]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(0);
}, 30_000);

test('Plane sends one body four times and four processor invocations get the copies at once: the handler ' +
  'runs once, the three copies that met its claim are retried (not acknowledged), then found done', async () => {
  const envelope = v1Envelope({ data: { id: 'four-copies' } });
  for (let copy = 0; copy < 4; copy += 1) await pipeline.deliver(envelope);
  const threeAnswered = createSignal();
  const runs: string[] = [];
  const setup: AppSetup = (app) => {
    app.on('issue', async (event) => {
      runs.push(String(event.data.id));
      await threeAnswered.promise; // holds the claim until the other three copies have been answered
    });
  };
  const firstAnswers: number[] = [];
  await runConcurrently(setup, 4, threeAnswered.promise, (event, response) => {
    if (event.Records[0].attributes.ApproximateReceiveCount !== '1') return;
    firstAnswers.push(response.batchItemFailures.length);
    if (firstAnswers.length === 3) threeAnswered.fire();
  });
  expect(runs).toEqual(['four-copies']);
  expect(firstAnswers).toEqual([1, 1, 1, 0]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(0);
  const retried = stdout.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"EventRetried"'));
  expect(retried).toHaveLength(3);
}, 30_000);
