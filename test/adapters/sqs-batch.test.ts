import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type DeferRecords, processBatch } from '../../lambdas/adapters/sqs-batch';
import { DeadlineError } from '../../lambdas/core/errors';
import { silentLogger } from '../../lambdas/core/logger';
import type { Processor } from '../../lambdas/core/process-event';

const record = (id: string, workspaceId: string): SQSRecord => ({
  messageId: id,
  receiptHandle: `handle-${id}`,
  body: '{}',
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn',
  awsRegion: 'us-east-1',
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 's',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {
    workspaceId: { dataType: 'String', stringValue: workspaceId, stringListValues: [], binaryListValues: [] },
  },
});
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const context = { getRemainingTimeInMillis: () => 60_000 };

test('only the failed records are reported', async () => {
  const processor = (async (message: { body: string }, _deadline: () => number) => {
    if (message.body === 'bad') throw new Error('boom');
    return 'processed';
  }) as unknown as Processor;
  const bad = { ...record('2', 'ws'), body: 'bad' };
  const result = await processBatch(batch(record('1', 'ws'), bad, record('3', 'ws')), context, processor, silentLogger);
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
});

test(
  'a record Plane rate-limited past the deadline is hidden until its Retry-After ' + 'instead of using up a receive',
  async () => {
    const processor = (async () => {
      throw new DeadlineError('rate limited', undefined, 90_500);
    }) as unknown as Processor;
    const deferred: Array<{ receiptHandle: string; seconds: number }> = [];
    const defer: DeferRecords = async (records) => void deferred.push(...records);
    const result = await processBatch(batch(record('1', 'ws')), context, processor, silentLogger, { defer });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    expect(deferred).toEqual([{ receiptHandle: 'handle-1', seconds: 91 }]);
  },
);

test('other failures are left to the queue’s own visibility timeout', async () => {
  const processor = (async () => {
    throw new Error('handler bug');
  }) as unknown as Processor;
  const defer = jest.fn<ReturnType<DeferRecords>, Parameters<DeferRecords>>(async () => undefined);
  await processBatch(batch(record('1', 'ws')), context, processor, silentLogger, { defer });
  expect(defer).not.toHaveBeenCalled();
});
