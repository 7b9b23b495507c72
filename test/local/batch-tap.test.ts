import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { tapBatches } from '../../lambdas/local/inspector/batch-tap';
import { createEventRecorder } from '../../lambdas/local/inspector/event-recorder';

// The poller tap on its own, with batches shaped as the local poller hands them to the processor.
const context = {} as Context;

function setup() {
  const recorder = createEventRecorder({ clock: () => 0 });
  const event = recorder.add({
    receivedAt: 0,
    name: 'issue.created',
    deliveryId: 'd-1',
    headers: {},
    body: Buffer.from('{}'),
  });
  event.status = 200;
  const record = (receiveCount: number): SQSRecord =>
    ({
      messageId: `m-${receiveCount}`,
      body: '{}',
      attributes: { ApproximateReceiveCount: String(receiveCount) },
      messageAttributes: { deliveryId: { dataType: 'String', stringValue: 'd-1' } },
    }) as unknown as SQSRecord;
  const batch = (receiveCount: number): SQSEvent => ({ Records: [record(receiveCount)] });
  return { recorder, event, batch };
}

test('a processor that throws fails every record of the batch with its error, and the error goes on', async () => {
  const { recorder, event, batch } = setup();
  const crashing = tapBatches(async () => {
    throw new Error('not configured: TABLE_NAME');
  }, recorder);
  await expect(crashing(batch(2), context)).rejects.toThrow('not configured');
  expect(event.steps.map((step) => [step.kind, step.detail])).toEqual([
    ['received', 'the processor received it (receive 2 of 5)'],
    ['failed', 'the processor crashed: Error: not configured: TABLE_NAME (receive 2 of 5)'],
  ]);
});

test('a failure on the fifth receive parks the event; its next receive is a redrive', async () => {
  const { recorder, event, batch } = setup();
  const failing = tapBatches(
    async (sqs) => ({ batchItemFailures: [{ itemIdentifier: sqs.Records[0].messageId }] }),
    recorder,
  );
  await failing(batch(5), context);
  expect(event.steps.map((step) => step.kind)).toEqual(['received', 'failed', 'parked']);
  expect(event.steps[1].detail).toBe('the processor reported it failed (receive 5 of 5)');

  const succeeding = tapBatches(async () => ({ batchItemFailures: [] }), recorder);
  await succeeding(batch(1), context);
  expect(event.steps.slice(3).map((step) => step.kind)).toEqual(['redriven', 'received', 'processed']);
});

test('a message of no recorded event (sent to the queue another way) is handled and not recorded', async () => {
  const { recorder, batch } = setup();
  const other = batch(1);
  other.Records[0].messageAttributes = {};
  let handled = 0;
  const response = await tapBatches(async () => {
    handled += 1;
    return { batchItemFailures: [] };
  }, recorder)(other, context);
  expect(handled).toBe(1);
  expect(response).toEqual({ batchItemFailures: [] });
  expect(recorder.list()[0].steps).toEqual([]);
});
