/** CloudWatch namespace of the custom (EMF) metrics: the functions emit into it, the dashboard and alarms read it. */
export const METRICS_NAMESPACE = 'PlaneApp';

/** Metric names the kit emits. One place, so the dashboard and alarms use the same strings. */
export const MetricName = {
  WebhookAccepted: 'WebhookAccepted',
  WebhookRejected: 'WebhookRejected',
  /** An accepted webhook too large for a queue message: its body went to the bucket, a claim check to the queue. */
  WebhookOffloaded: 'WebhookOffloaded',
  /** An accepted webhook the queue refused: kept in the bucket until the sweeper re-enqueues it. */
  WebhookOverflowed: 'WebhookOverflowed',
  /** A kept webhook the sweeper put on the queue. */
  OverflowSwept: 'OverflowSwept',
  /** The sweeper could not list, read, re-enqueue or delete a kept webhook (it stays kept). */
  OverflowSweepFailed: 'OverflowSweepFailed',
  EventProcessed: 'EventProcessed',
  EventSkipped: 'EventSkipped',
  EventFailed: 'EventFailed',
  EventRetried: 'EventRetried',
  EventParked: 'EventParked',
  TokenGrant: 'TokenGrant',
  TokenGrantFailed: 'TokenGrantFailed',
  PlaneApiCall: 'PlaneApiCall',
  PlaneApiThrottled: 'PlaneApiThrottled',
  Installation: 'Installation',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** `Reason` of a `WebhookAccepted` that was answered 200 but not queued: no handler subscribes to its event. */
export const UNSUBSCRIBED = 'unsubscribed';

/**
 * Metrics counted from fields of a log line instead of an EMF block, with the dimensions they may
 * carry besides `Stage`. Ingest writes `"Stage": "prod", "WebhookAccepted": 1` (and `"Reason"` when
 * there is one) into its one line per webhook, and the stack's metric filters (lib/line-metrics.ts)
 * publish the same metric as EMF would. An EMF block would add about 150 B to every webhook's line.
 */
export const LINE_METRICS: Readonly<Partial<Record<MetricName, readonly string[]>>> = {
  [MetricName.WebhookAccepted]: ['Reason'],
};

/** The metrics port: counters with optional dimensions. Adapters emit CloudWatch EMF. */
export interface Metrics {
  count(name: MetricName, dimensions?: Record<string, string>, value?: number): void;
}

export const noMetrics: Metrics = { count() {} };
