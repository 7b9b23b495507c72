import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type DeferRecords, processBatch } from '../../lambdas/adapters/sqs-batch';
import type { Logger } from '../../lambdas/core/logger';
import { QueuedEventAttributeNames } from '../../lambdas/core/queued-event';
import type { Ledger } from './ledger';
import type { ProcessorInstance } from './processor-instance';
import type { SimMessage, SimQueue } from './sim-queue';
import type { VirtualTime } from './virtual-time';

export interface LambdaPoolOptions {
  readonly time: VirtualTime;
  readonly queue: SimQueue;
  readonly ledger: Ledger;
  /** Most invocations at once (Lambda's concurrency for the event source). */
  readonly maxConcurrency: number;
  readonly functionTimeoutMs: number;
  readonly batchSize: number;
  /** How long an idle execution environment is kept warm before Lambda reclaims it. */
  readonly idleMs: number;
  /** A new execution environment, numbered from 0. */
  readonly createInstance: (index: number) => ProcessorInstance;
}

/** What the pool did. */
interface PoolTally {
  invocations: number;
  instances: number;
  timeouts: number;
  deferrals: number;
  peakConcurrency: number;
}

/** The log processBatch writes to: only its "record failed" lines matter, for the ledger. */
function failureLog(ledger: Ledger): Logger {
  const log: Logger = {
    debug() {},
    info() {},
    error() {},
    warn(message, fields) {
      if (message !== 'record failed' || typeof fields?.messageId !== 'string') return;
      const error = fields.error as { code?: unknown; name?: unknown } | undefined;
      ledger.failed(fields.messageId, String(error?.code ?? error?.name ?? 'error'));
    },
    child: () => log,
  };
  return log;
}

function recordOf(message: SimMessage): SQSRecord {
  const attribute = (value: string | undefined) =>
    value === undefined
      ? undefined
      : { dataType: 'String', stringValue: value, stringListValues: [], binaryListValues: [] };
  const attributes = Object.entries(QueuedEventAttributeNames).flatMap(([field, name]) => {
    const value = attribute(message.attributes[field as keyof typeof QueuedEventAttributeNames]);
    return value ? [[name, value] as const] : [];
  });
  return {
    messageId: message.id,
    receiptHandle: message.handle ?? '',
    body: message.body,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:simulated:000000000000:events',
    awsRegion: 'simulated',
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: '0',
      SenderId: 'simulated',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: Object.fromEntries(attributes),
  };
}

/**
 * The SQS event source mapping and the processor's execution environments: while messages are
 * visible and fewer than `maxConcurrency` invocations run, it receives a batch and hands it to a
 * warm instance (or a new one) through the kit's processBatch; it deletes what processBatch did not
 * report failed, and applies its ChangeMessageVisibility deferrals. An invocation still running
 * at the function timeout is abandoned as Lambda would: its messages come back after the
 * visibility timeout and its instance is not reused.
 */
export function createLambdaPool(options: LambdaPoolOptions) {
  const { time, queue, ledger, maxConcurrency, functionTimeoutMs, batchSize, idleMs } = options;
  const tally: PoolTally = { invocations: 0, instances: 0, timeouts: 0, deferrals: 0, peakConcurrency: 0 };
  const idle: Array<{ instance: ProcessorInstance; since: number }> = [];
  const log = failureLog(ledger);
  let active = 0;
  let wakeAt: number | undefined;

  const instance = (): ProcessorInstance => {
    while (idle.length > 0 && idle[0].since < time.now() - idleMs) idle.shift();
    const warm = idle.pop();
    if (warm) return warm.instance;
    tally.instances += 1;
    return options.createInstance(tally.instances - 1);
  };

  const invoke = (batch: SimMessage[]) => {
    const worker = instance();
    const started = time.now();
    active += 1;
    tally.invocations += 1;
    tally.peakConcurrency = Math.max(tally.peakConcurrency, active);
    const byId = new Map(batch.map((message) => [message.id, message]));
    const byHandle = new Map(batch.map((message) => [message.handle ?? '', message]));
    const defer: DeferRecords = async (records) => {
      for (const record of records) {
        const message = byHandle.get(record.receiptHandle);
        if (message && queue.changeVisibility(message, record.receiptHandle, record.seconds, time.now()))
          tally.deferrals += 1;
      }
    };
    const context = { getRemainingTimeInMillis: () => started + functionTimeoutMs - time.now() };
    let over = false;
    const finish = () => {
      over = true;
      active -= 1;
      pump();
    };
    time.at(started + functionTimeoutMs, () => {
      if (over) return;
      tally.timeouts += 1;
      finish(); // the instance is not given back: Lambda discards an environment that timed out
    });
    void processBatch({ Records: batch.map(recordOf) } as SQSEvent, context, worker.processor, log, {
      defer,
      clock: time.now,
    }).then(
      (response) => {
        if (over) return;
        const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        for (const [id, message] of byId) {
          if (failed.has(id)) continue;
          if (queue.delete(message, message.handle ?? '')) ledger.acknowledged(message.eventId);
        }
        idle.push({ instance: worker, since: time.now() });
        finish();
      },
      () => {
        // processBatch reports failures per record; a throw fails the whole batch, as on Lambda.
        if (!over) finish();
      },
    );
  };

  const wake = (at: number) => {
    if (wakeAt !== undefined && wakeAt <= at && wakeAt >= time.now()) return;
    wakeAt = at;
    time.at(at, () => {
      if (wakeAt === at) wakeAt = undefined;
      pump();
    });
  };

  function pump(): void {
    while (active < maxConcurrency) {
      const next = queue.nextVisibleAt();
      if (next === undefined) return;
      if (next > time.now()) {
        wake(next);
        return;
      }
      const batch = queue.receive(batchSize, time.now());
      if (batch.length > 0) invoke(batch);
    }
  }

  return {
    tally,
    pump,
    get active() {
      return active;
    },
  };
}
