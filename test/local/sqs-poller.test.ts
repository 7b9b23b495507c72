import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { createSqsPoller } from '../../lambdas/local/sqs-poller';
import { LOCAL_AWS, type SqsStandIn, startSqs } from '../../lambdas/local/stand-ins';

let sqs: SqsStandIn;
let client: SQSClient;

beforeAll(async () => {
  sqs = await startSqs({ queueName: 'poller-abandon', visibilityTimeoutSeconds: 1 });
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

test('an abandoned invocation deletes nothing: its records come back after the visibility timeout', async () => {
  await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: 'one' }));
  const seen: Array<{ body: string; receives: string }> = [];
  let kills = 1;
  const poller = createSqsPoller({
    client,
    queueUrl: sqs.queueUrl,
    handler: async (event: SQSEvent) => {
      for (const record of event.Records)
        seen.push({ body: record.body, receives: record.attributes.ApproximateReceiveCount });
      return { batchItemFailures: [] };
    },
    abandon: () => kills-- > 0,
  });
  // The handler reported no failure both times; only the second result is acted on.
  for (let polls = 0; seen.length < 2 && polls < 20; polls += 1) await poller.pollOnce(1);
  expect(seen).toEqual([
    { body: 'one', receives: '1' },
    { body: 'one', receives: '2' },
  ]);
  // local-aws-sqs counts in-flight messages too: 0 means deleted, not hidden.
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
});
