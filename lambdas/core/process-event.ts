import { randomUUID } from 'node:crypto';
import { dedupKeyOf, parseEnvelope } from './envelope';
import { ClaimInProgressError, describeError, ReinstallNeededError } from './errors';
import { PROCESSOR_TIMINGS } from './event-timings';
import type { Installation } from './installation';
import type { InstallationLookup } from './installation-cache';
import type { Logger } from './logger';
import { MetricName, type Metrics } from './metrics';
import type { PlaneClient } from './plane-client';
import type { Clock, DedupStore } from './ports';
import type { QueuedEvent } from './queued-event';
import type { PlaneApp } from './router';

export type ProcessOutcome = 'processed' | 'duplicate' | 'echo' | 'unknown_installation' | 'unhandled';

export interface ProcessorOptions {
  readonly app: PlaneApp;
  readonly installations: InstallationLookup;
  readonly dedup: DedupStore;
  /** A Plane client acting as the installation's bot, with calls bounded by `deadline`. */
  readonly planeFor: (installation: Installation, deadline: () => number) => PlaneClient;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** How long a claim blocks other copies while the event is processed. Default PROCESSOR_TIMINGS.claimMs. */
  readonly claimMs?: number;
  /** How long a processed event's record is kept (Plane retries for hours). Default 2 days. */
  readonly dedupTtlMs?: number;
}

/**
 * The processor use case for one queued event: skip what no handler wants, unknown workspaces and
 * the bot's own echoes; park (fail) the events of a workspace that must reinstall the app; claim
 * the dedup key; run the handlers; then mark the key done, or release it and rethrow so the queue
 * retries (and finally parks) the event.
 */
export function createProcessor(options: ProcessorOptions) {
  const { app, installations, dedup, clock, metrics } = options;
  const claimMs = options.claimMs ?? PROCESSOR_TIMINGS.claimMs;
  const dedupTtlMs = options.dedupTtlMs ?? 2 * 24 * 3600_000;

  const skip = (outcome: ProcessOutcome, log: Logger): ProcessOutcome => {
    metrics.count(MetricName.EventSkipped, { Reason: outcome });
    log.info('event skipped', { reason: outcome });
    return outcome;
  };

  // Never acknowledged unseen: the record fails on every receive and SQS keeps it in the
  // dead-letter queue, from where a redrive after the reinstall processes it.
  const park = (error: ReinstallNeededError, log: Logger, deliveryId: string | undefined): never => {
    metrics.count(MetricName.EventParked, { Reason: 'reinstall_needed' });
    log.warn('event parked: the app must be reinstalled in this workspace, then the dead-letter queue redriven', {
      error: describeError(error),
      deliveryId,
    });
    throw error;
  };

  return async function process(message: QueuedEvent, deadline: () => number): Promise<ProcessOutcome> {
    const { event: eventName, dedupKey, deliveryId } = message.attributes;
    const event = parseEnvelope(message.body, { eventName });
    const key = dedupKey ?? dedupKeyOf(message.body, event);
    // Every line about the event carries these three; at INFO it gets one line, its outcome.
    const log = options.log.child({ dedupKey: key, workspaceId: event.workspaceId, event: event.name });
    log.debug('event received', { deliveryId });
    if (!app.handles(event)) return skip('unhandled', log);

    const installation = await installations.get(event.workspaceId);
    if (!installation) return skip('unknown_installation', log);
    if (installation.status !== 'installed')
      park(new ReinstallNeededError(event.workspaceId, `it is marked ${installation.status}`), log, deliveryId);
    if (event.actorId && event.actorId === installation.botUserId) return skip('echo', log);

    // One owner per attempt: only this attempt may complete or release the claim it takes.
    const owner = randomUUID();
    const claim = await dedup.claim(key, owner, clock(), clock() + claimMs);
    if (claim === 'done') return skip('duplicate', log);
    if (claim === 'in_progress') {
      // Only a completed record is a duplicate: the attempt holding the claim may still fail.
      metrics.count(MetricName.EventRetried, { Reason: 'claim_in_progress' });
      log.info('event is being processed by another attempt; this copy will be retried');
      throw new ClaimInProgressError();
    }

    try {
      await app.receive(event, { installation, plane: options.planeFor(installation, deadline), log });
    } catch (error) {
      await dedup
        .release(key, owner)
        .catch((releaseError: unknown) => log.error('dedup release failed', { error: describeError(releaseError) }));
      if (error instanceof ReinstallNeededError) {
        installations.forget(event.workspaceId);
        park(error, log, deliveryId);
      }
      metrics.count(MetricName.EventFailed);
      log.error('event failed; it will be retried', { error: describeError(error), deliveryId });
      throw error;
    }
    if (!(await dedup.complete(key, owner, clock() + dedupTtlMs)))
      log.warn('dedup claim ran out during processing and passed to another attempt; the event may run twice');
    metrics.count(MetricName.EventProcessed);
    log.info('event processed');
    return 'processed';
  };
}

export type Processor = ReturnType<typeof createProcessor>;
