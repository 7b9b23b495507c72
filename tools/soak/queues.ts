import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { QueuedEventAttributeNames } from '../../lambdas/core/queued-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `ApproximateNumberOfMessages` (local-aws-sqs counts in-flight messages too). */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(result.Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** Resolves once the queue's depth has not changed for `quietMs`. */
export async function settle(sqs: SQSClient, queueUrl: string, quietMs = 1500): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const depth = await queueDepth(sqs, queueUrl);
    if (depth !== last) {
      last = depth;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return depth;
    }
    await sleep(250);
  }
}

/**
 * Reads the dedup key of every message of a queue nobody else consumes (the dead-letter queue),
 * then makes the messages visible again at once, so a redrive finds them all. (A body may be a
 * claim check's pointer; the dedup key names the event either way.)
 */
export async function peekDedupKeys(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const messages: Message[] = [];
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageAttributeNames: [QueuedEventAttributeNames.dedupKey],
      }),
    );
    if (!received.Messages || received.Messages.length === 0) break;
    messages.push(...received.Messages);
  }
  for (let i = 0; i < messages.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages
          .slice(i, i + 10)
          .map((message, n) => ({ Id: String(n), ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
      }),
    );
  }
  return messages.map((message) => message.MessageAttributes?.[QueuedEventAttributeNames.dedupKey]?.StringValue ?? '');
}
