import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVE_COUNT } from '../../core/limits';
import { currentStep, type EventRecorder, type RecordedEvent, type RecordedLogLine } from './event-recorder';

type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** The processor's line for an event it acknowledges without running handlers (core/process-event.ts `skip`). */
const SKIP_MESSAGE = 'event skipped';

interface Attempt {
  readonly record: SQSRecord;
  readonly event: RecordedEvent;
  readonly receiveCount: number;
  /** Log lines the event had before this attempt: the attempt's own come after. */
  readonly logsBefore: number;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The `error` field of a log line in words: core's describeError writes `{name, message, code?}`. */
function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, message, code } = value as Record<string, unknown>;
  const head = [text(name), text(message)].filter(Boolean).join(': ');
  return head ? `${head}${text(code) ? ` (${code})` : ''}` : JSON.stringify(value);
}

function attemptOf(record: SQSRecord, recorder: EventRecorder): Attempt | undefined {
  const attribute = (name: string) => record.messageAttributes?.[name]?.stringValue;
  const event = recorder.match({ deliveryId: attribute('deliveryId'), dedupKey: attribute('dedupKey') });
  if (!event) return undefined;
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  // A parked event comes back only by a redrive (the inspector's button, or any other).
  if (currentStep(event)?.kind === 'parked') recorder.step(event, 'redriven', 'back from the dead-letter queue');
  recorder.step(event, 'received', `the processor received it (receive ${receiveCount} of ${MAX_RECEIVE_COUNT})`);
  return { record, event, receiveCount, logsBefore: event.logs.length };
}

function settle(recorder: EventRecorder, attempt: Attempt, failed: boolean, crash?: unknown): void {
  const { event, receiveCount } = attempt;
  const lines: RecordedLogLine[] = event.logs.slice(attempt.logsBefore);
  if (!failed) {
    const skip = [...lines].reverse().find((line) => line.message === SKIP_MESSAGE);
    const reason = text(skip?.fields.reason);
    if (reason) recorder.step(event, 'skipped', reason);
    else recorder.step(event, 'processed', 'the handlers ran');
    return;
  }
  const logged = [...lines].reverse().find((line) => line.level === 'ERROR' && errorText(line.fields.error));
  const error =
    errorText(logged?.fields.error) ??
    (crash === undefined ? 'the processor reported it failed' : `the processor crashed: ${String(crash)}`);
  recorder.step(event, 'failed', `${error} (receive ${receiveCount} of ${MAX_RECEIVE_COUNT})`);
  if (receiveCount >= MAX_RECEIVE_COUNT) {
    // The queue's redrive policy moves it once its visibility timeout ends (as SQS does).
    recorder.step(event, 'parked', `in the dead-letter queue after ${receiveCount} receives`);
  }
}

/**
 * Wraps the processor as the local queue poller calls it, so the inspector sees each receive of
 * each event and how it ended: processed, skipped (with the processor's reason), failed (with the
 * error and the receive count), and parked in the dead-letter queue after the last receive. The
 * handler and its answer are unchanged.
 */
export function tapBatches(handler: BatchHandler, recorder: EventRecorder): BatchHandler {
  return async (batch, context) => {
    const attempts = batch.Records.flatMap((record) => attemptOf(record, recorder) ?? []);
    let response: SQSBatchResponse | undefined;
    try {
      response = await handler(batch, context);
    } catch (error) {
      for (const attempt of attempts) settle(recorder, attempt, true, error);
      throw error;
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    for (const attempt of attempts) settle(recorder, attempt, failed.has(attempt.record.messageId));
    return response;
  };
}
