import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../core/logger';
import type { Processor } from '../core/process-event';
import { describeError } from '../core/router';
import { MessageAttribute } from './sqs-queue';

/** Time kept back from the Lambda's remaining time so a failed record is still reported. */
const SAFETY_MS = 3000;

const attribute = (record: SQSRecord, name: string): string | undefined => record.messageAttributes?.[name]?.stringValue;

/**
 * Runs a batch through the processor and reports only the failed records
 * (`ReportBatchItemFailures`). Records of one workspace run in order; workspaces run in parallel.
 */
export async function processBatch(event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis'>, processor: Processor, log: Logger): Promise<SQSBatchResponse> {
  const startedAt = Date.now();
  const remaining = context.getRemainingTimeInMillis();
  const deadline = () => startedAt + remaining - SAFETY_MS;
  const byWorkspace = new Map<string, SQSRecord[]>();
  for (const record of event.Records) {
    const workspace = attribute(record, MessageAttribute.WorkspaceId) ?? '';
    byWorkspace.set(workspace, [...(byWorkspace.get(workspace) ?? []), record]);
  }
  const failures: string[] = [];
  await Promise.all([...byWorkspace.values()].map(async (records) => {
    for (const record of records) {
      try {
        await processor({
          body: record.body,
          attributes: {
            event: attribute(record, MessageAttribute.Event),
            action: attribute(record, MessageAttribute.Action),
            workspaceId: attribute(record, MessageAttribute.WorkspaceId),
            dedupKey: attribute(record, MessageAttribute.DedupKey),
            deliveryId: attribute(record, MessageAttribute.DeliveryId),
          },
        }, deadline);
      } catch (error) {
        failures.push(record.messageId);
        log.warn('record failed', { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: describeError(error) });
      }
    }
  }));
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
