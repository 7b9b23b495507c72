import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  readonly queueUrl: string;
  readonly dryRun: boolean;
  /** Stop after this many messages. Default: all. */
  readonly limit?: number;
  /** Called once the parked messages are counted, then after each batch (for a progress display). */
  readonly onProgress?: (progress: RedriveResult) => void;
}

export interface RedriveResult {
  /** Messages parked in the dead-letter queue when the command started. */
  readonly parked: number;
  readonly moved: number;
  readonly failed: number;
}

async function count(sqs: SQSClient, queueUrl: string): Promise<number> {
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(result.Attributes?.ApproximateNumberOfMessages ?? 0);
}

/**
 * Moves dead-letter messages back to the event queue, body and attributes unchanged. A message is
 * deleted from the dead-letter queue only after the event queue accepted it, so a failure leaves
 * it parked. A dry run only counts.
 */
export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const { sqs, deadLetterQueueUrl, queueUrl } = options;
  const parked = await count(sqs, deadLetterQueueUrl);
  if (options.dryRun) return { parked, moved: 0, failed: 0 };
  options.onProgress?.({ parked, moved: 0, failed: 0 });
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let moved = 0;
  let failed = 0;
  const seen = new Set<string>();
  while (moved + failed < limit) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(10, limit - moved - failed),
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
      }),
    );
    // A message seen again was not moved before (its send failed): stop rather than loop on it.
    const messages = (received.Messages ?? []).filter((message) => message.MessageId && !seen.has(message.MessageId));
    if (messages.length === 0) break;
    for (const message of messages) seen.add(message.MessageId as string);
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, i) => ({
          Id: String(i),
          MessageBody: message.Body ?? '',
          MessageAttributes: message.MessageAttributes,
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((entry) => Number(entry.Id)));
    failed += messages.length - ok.size;
    const done = messages.filter((_, i) => ok.has(i));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: done.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle ?? '' })),
        }),
      );
    }
    moved += done.length;
    options.onProgress?.({ parked, moved, failed });
  }
  return { parked, moved, failed };
}
