import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn?: string;
  readonly handler: BatchHandler;
  /** Up to 10, like the event-source mapping. */
  readonly batchSize?: number;
  /** Simulated function timeout (for getRemainingTimeInMillis). Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Visibility timeout asked for on each receive: how long a record stays hidden, so how soon a
   * failed one is retried. Default: the queue's own. (Set on the receive rather than by
   * ChangeMessageVisibility, which local-aws-sqs counts as another receive.)
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait. Default 1 s. */
  readonly waitSeconds?: number;
  /**
   * Receive/handle loops running at once, as Lambda runs several invocations when the queue is
   * busy: with more than one, two copies of an event can be processed at the same moment. Default 1.
   */
  readonly concurrency?: number;
  /**
   * Fault hook (`npm run soak`): asked once the handler returned; true drops its result, as when the
   * processor dies after its handlers ran but before it reported: nothing is deleted, and every
   * record comes back after its visibility timeout. Local mode cannot stop a running invocation, so
   * this is the kill it can play without a handler still running beside the retry.
   */
  readonly abandon?: (records: readonly SQSRecord[]) => boolean;
  readonly onError?: (error: unknown) => void;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? randomUUID(),
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/**
 * Behaves like Lambda's SQS event-source mapping: receives batches of up to 10, invokes the
 * handler, deletes the records it did not report in `batchItemFailures` (all of them stay if the
 * handler throws), and leaves failures to reappear; the queue's redrive policy parks a message in
 * the dead-letter queue after its fifth receive.
 */
export function createSqsPoller(options: PollerOptions) {
  const { client, queueUrl, handler } = options;
  const queueArn = options.queueArn ?? `arn:aws:sqs:us-east-1:123456789012:${queueUrl.split('/').pop()}`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let running = false;
  let loops: Array<Promise<void>> = [];
  let busy = 0;

  const context = (): Context => {
    const startedAt = Date.now();
    return {
      callbackWaitsForEmptyEventLoop: false,
      functionName: 'processor',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:processor',
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: '/aws/lambda/processor',
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - startedAt)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  };

  /** Receives and handles one batch; resolves with the number of messages received. */
  async function pollOnce(waitSeconds = options.waitSeconds ?? 1): Promise<number> {
    const receive = async (max: number, wait: number) =>
      (
        await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: max,
            WaitTimeSeconds: wait,
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
            VisibilityTimeout: options.visibilityTimeoutSeconds,
          }),
        )
      ).Messages ?? [];
    // local-aws-sqs holds a long poll open until it can fill MaxNumberOfMessages, where SQS answers
    // as soon as one message is there: long-poll for one, then take what else is waiting at once.
    const messages = await receive(1, waitSeconds);
    if (messages.length === 0) return 0;
    const batchSize = Math.min(options.batchSize ?? 10, 10);
    if (batchSize > 1) messages.push(...(await receive(batchSize - 1, 0)));
    busy += 1;
    try {
      const records = messages.map((message) => toRecord(message, queueArn));
      let failed = new Set(records.map((record) => record.messageId));
      try {
        const response = await handler({ Records: records }, context());
        failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch (error) {
        options.onError?.(error);
      }
      if (options.abandon?.(records)) return messages.length;
      const done = records.filter((record) => !failed.has(record.messageId));
      if (done.length > 0) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.map((record, i) => ({ Id: String(i), ReceiptHandle: record.receiptHandle })),
          }),
        );
      }
      return messages.length;
    } finally {
      busy -= 1;
    }
  }

  return {
    pollOnce,
    /** Polls with `concurrency` loops until stop() is called. */
    start(): void {
      if (running) return;
      running = true;
      const loop = async () => {
        while (running) {
          try {
            await pollOnce();
          } catch (error) {
            options.onError?.(error);
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      };
      loops = Array.from({ length: concurrency }, loop);
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
    /** True while a batch is being handled. */
    isBusy: () => busy > 0,
  };
}

export type SqsPoller = ReturnType<typeof createSqsPoller>;
