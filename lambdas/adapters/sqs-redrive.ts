import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** SendMessageBatch's limits: 10 entries, and 256 KiB for all of them together (bodies and attributes). */
const BATCH_MAX_ENTRIES = 10;
const BATCH_MAX_BYTES = 262_144;

export interface RedriveOptions {
  readonly sqs: Pick<SQSClient, 'send'>;
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
  /**
   * Messages moved whose delete from the dead-letter queue failed: they are in both queues, and a
   * later redrive moves them again (the processor drops the duplicate).
   */
  readonly notDeleted: number;
}

async function count(sqs: RedriveOptions['sqs'], queueUrl: string): Promise<number> {
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(result.Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** The bytes SQS counts for a message: its body and each attribute's name, type and value. */
function messageBytes(message: Message): number {
  const attributes = Object.entries(message.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '') +
      (value.BinaryValue?.byteLength ?? 0),
    0,
  );
  return Buffer.byteLength(message.Body ?? '') + attributes;
}

/** Splits messages, in order, into SendMessageBatch requests within both batch limits. */
export function sendBatches(messages: readonly Message[], maxBytes = BATCH_MAX_BYTES): Message[][] {
  const batches: Message[][] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageBytes(message);
    const current = batches[batches.length - 1];
    if (current && current.length < BATCH_MAX_ENTRIES && bytes + size <= maxBytes) {
      current.push(message);
      bytes += size;
    } else {
      batches.push([message]);
      bytes = size;
    }
  }
  return batches;
}

/** Sends one batch to the event queue; resolves to the messages it accepted. */
async function send(options: RedriveOptions, batch: readonly Message[]): Promise<Message[]> {
  const sent = await options.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: batch.map((message, i) => ({
        Id: String(i),
        MessageBody: message.Body ?? '',
        MessageAttributes: message.MessageAttributes,
      })),
    }),
  );
  const ok = new Set((sent.Successful ?? []).map((entry) => Number(entry.Id)));
  return batch.filter((_, i) => ok.has(i));
}

/** Deletes moved messages from the dead-letter queue; resolves to how many it could not delete. */
async function remove(options: RedriveOptions, moved: readonly Message[]): Promise<number> {
  if (moved.length === 0) return 0;
  const deleted = await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.deadLetterQueueUrl,
      Entries: moved.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle ?? '' })),
    }),
  );
  return deleted.Failed?.length ?? 0;
}

/**
 * Moves dead-letter messages back to the event queue, body and attributes unchanged, in batches
 * that respect SendMessageBatch's limits (`npm run redrive` on a stage; the Redrive button of local
 * mode's event inspector). A message is deleted from the dead-letter queue only after the event
 * queue accepted it, so a failure leaves it parked; a delete that fails is reported. A dry run only
 * counts.
 */
export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const { sqs, deadLetterQueueUrl } = options;
  const parked = await count(sqs, deadLetterQueueUrl);
  if (options.dryRun) return { parked, moved: 0, failed: 0, notDeleted: 0 };
  options.onProgress?.({ parked, moved: 0, failed: 0, notDeleted: 0 });
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const totals = { moved: 0, failed: 0, notDeleted: 0 };
  const seen = new Set<string>();
  while (totals.moved + totals.failed < limit) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(BATCH_MAX_ENTRIES, limit - totals.moved - totals.failed),
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
      }),
    );
    // A message seen again was not moved before (its send failed): stop rather than loop on it.
    const messages = (received.Messages ?? []).filter((message) => message.MessageId && !seen.has(message.MessageId));
    if (messages.length === 0) break;
    for (const message of messages) seen.add(message.MessageId as string);
    for (const batch of sendBatches(messages)) {
      const moved = await send(options, batch);
      totals.failed += batch.length - moved.length;
      totals.notDeleted += await remove(options, moved);
      totals.moved += moved.length;
    }
    options.onProgress?.({ parked, ...totals });
  }
  return { parked, ...totals };
}
