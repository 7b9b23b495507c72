import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { DeadlineError, describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { type Clock, systemClock } from '../core/ports';
import type { Processor } from '../core/process-event';
import { attributesFrom, payloadSizeOf, type QueuedEvent, QueuedEventAttributeNames } from '../core/queued-event';

/**
 * Time kept back from the Lambda's remaining time so a failed record is still reported: 3 s, or a
 * tenth of the time for the short invocations of local mode.
 */
const SAFETY_MS = 3000;

/** A record as the processor takes it: body, attributes, and a claim check's size when it is one. */
function queuedEventOf(record: SQSRecord): QueuedEvent {
  const read = (name: string) => record.messageAttributes?.[name]?.stringValue;
  return { body: record.body, attributes: attributesFrom(read), payloadSize: payloadSizeOf(read) };
}

/** Hides failed records for a while (SQS ChangeMessageVisibility), without using up a receive. */
export type DeferRecords = (records: ReadonlyArray<{ receiptHandle: string; seconds: number }>) => Promise<void>;

/** DeferRecords on the event queue: one ChangeMessageVisibilityBatch call (part of the consume grant). */
export function createSqsDefer(client: SQSClient, queueUrl: string): DeferRecords {
  return async (records) => {
    await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: records.map((record, i) => ({
          Id: String(i),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: record.seconds,
        })),
      }),
    );
  };
}

/** SQS's longest visibility timeout. */
const MAX_DEFER_SECONDS = 12 * 3600;

/** Seconds to hide a record that failed because Plane asked to wait (a 429 past the deadline). */
function deferSeconds(error: unknown): number | undefined {
  const wait = error instanceof DeadlineError ? error.retryAfterMs : undefined;
  return wait && wait > 0 ? Math.min(MAX_DEFER_SECONDS, Math.ceil(wait / 1000)) : undefined;
}

/** What processBatch may be given beside the batch. */
export interface BatchOptions {
  /** Hides records that must wait (ChangeMessageVisibility); without it they wait the visibility timeout. */
  readonly defer?: DeferRecords;
  /** Default Date.now; a simulation passes its virtual clock. */
  readonly clock?: Clock;
}

/**
 * Runs a batch through the processor and reports only the failed records
 * (`ReportBatchItemFailures`). Records of one workspace run in order; workspaces run in parallel.
 * A record that failed because Plane rate-limited it past the deadline is hidden until Plane's
 * Retry-After (when `defer` is given), so an hour-long limit does not use up its 5 receives.
 */
export async function processBatch(
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  processor: Processor,
  log: Logger,
  options: BatchOptions = {},
): Promise<SQSBatchResponse> {
  const { defer, clock = systemClock } = options;
  const startedAt = clock();
  const remaining = context.getRemainingTimeInMillis();
  const deadline = () => startedAt + remaining - Math.min(SAFETY_MS, remaining / 10);
  const byWorkspace = new Map<string, SQSRecord[]>();
  for (const record of event.Records) {
    const workspace = record.messageAttributes?.[QueuedEventAttributeNames.workspaceId]?.stringValue ?? '';
    byWorkspace.set(workspace, [...(byWorkspace.get(workspace) ?? []), record]);
  }
  const failures: string[] = [];
  const deferred: Array<{ receiptHandle: string; seconds: number }> = [];
  await Promise.all(
    [...byWorkspace.values()].map(async (records) => {
      for (const record of records) {
        try {
          await processor(queuedEventOf(record), deadline);
        } catch (error) {
          failures.push(record.messageId);
          const seconds = deferSeconds(error);
          if (seconds !== undefined) deferred.push({ receiptHandle: record.receiptHandle, seconds });
          log.warn('record failed', {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            error: describeError(error),
          });
        }
      }
    }),
  );
  if (defer && deferred.length > 0) {
    // Best effort: if this fails, the records simply come back after the usual visibility timeout.
    await defer(deferred).catch((error: unknown) =>
      log.warn('could not defer rate-limited records', { error: describeError(error) }),
    );
  }
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
