import { describeError } from './errors';
import { createEventSender, type EventSenderOptions } from './event-sender';
import type { Logger } from './logger';
import { MetricName, type Metrics } from './metrics';
import type { OverflowStore } from './ports';

export interface SweeperOptions extends EventSenderOptions {
  readonly overflow: OverflowStore;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Kept events looked at per run (one S3 listing page). Default 500. */
  readonly batchSize?: number;
}

/** What one sweep did. */
export interface SweepResult {
  /** Kept events now in the queue, and deleted from the bucket. */
  readonly swept: number;
  /** Kept events the sweep could not move; they stay kept for the next run. */
  readonly failed: number;
}

/**
 * The sweeper use case: re-enqueues the webhooks ingest kept in the bucket while the queue refused
 * them (large ones by claim check, as ingest would have), and deletes each only after the queue
 * accepted it. A failure leaves the object for the next run; each is logged and counted
 * (OverflowSweepFailed), and so is a listing that fails. An event queued twice (the delete failed,
 * or two sweeps overlapped) is a duplicate the processor drops.
 */
export function createSweeper(options: SweeperOptions): (deadline?: () => number) => Promise<SweepResult> {
  const { overflow, log, metrics } = options;
  const send = createEventSender(options);
  const batchSize = options.batchSize ?? 500;

  const sweepOne = async (key: string): Promise<boolean> => {
    const kept = await overflow.get(key);
    if (!kept) return false; // another sweep moved it
    const outcome = await send(kept.event);
    await overflow.delete(key);
    metrics.count(MetricName.OverflowSwept);
    log.info('kept webhook re-enqueued', { key, dedupKey: kept.event.attributes.dedupKey, via: outcome });
    return true;
  };

  return async (deadline = () => Number.POSITIVE_INFINITY) => {
    let keys: string[];
    try {
      keys = await overflow.list(batchSize);
    } catch (error) {
      metrics.count(MetricName.OverflowSweepFailed);
      log.error('could not list the kept webhooks', { error: describeError(error) });
      throw error;
    }
    let swept = 0;
    let failed = 0;
    for (const key of keys) {
      if (Date.now() > deadline()) break; // the next run goes on from here
      try {
        if (await sweepOne(key)) swept += 1;
      } catch (error) {
        failed += 1;
        metrics.count(MetricName.OverflowSweepFailed);
        log.error('could not re-enqueue a kept webhook; it stays kept', { key, error: describeError(error) });
      }
    }
    return { swept, failed };
  };
}
