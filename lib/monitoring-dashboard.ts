import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, GraphWidget, type IAlarm, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { AppMetricName, appMetric, WEBHOOK_REJECTION_REASONS } from './app-metrics';
import type { MonitoredResources } from './monitored-resources';

/** What the dashboard shows: the monitored resources, and the alarms for the status row. */
export type DashboardSources = MonitoredResources & {
  readonly alarms: readonly IAlarm[];
};

const period = Duration.minutes(5);

/** The dashboard rows: alarms, ingest, queues and processor, OAuth and the Plane API. */
export function dashboardWidgets(s: DashboardSources): IWidget[][] {
  const m = (name: AppMetricName, dims: Record<string, string> = {}, label?: string) =>
    appMetric(s.stage, name, dims, { label: label ?? name });
  return [
    [new AlarmStatusWidget({ title: 'Alarms', alarms: [...s.alarms], width: 24, height: 3 })],
    [
      new GraphWidget({
        title: 'Ingest requests',
        left: [
          s.httpApi.metricCount({ period, statistic: 'Sum', label: 'HTTP API requests' }),
          m(AppMetricName.WebhookAccepted),
        ],
      }),
      new GraphWidget({
        title: 'Webhook rejections (4xx) by reason',
        left: WEBHOOK_REJECTION_REASONS.map((reason) => m(AppMetricName.WebhookRejected, { Reason: reason }, reason)),
        right: [s.httpApi.metricServerError({ period, statistic: 'Sum', label: 'HTTP API 5xx' })],
      }),
      new GraphWidget({
        title: 'Payload bucket: large bodies and SQS overflow',
        left: [
          m(AppMetricName.WebhookOffloaded, {}, 'large bodies (claim checks)'),
          m(AppMetricName.WebhookOverflowed, {}, 'kept while SQS refused'),
          m(AppMetricName.OverflowSwept, {}, 're-enqueued by the sweeper'),
        ],
        right: [m(AppMetricName.OverflowSweepFailed, {}, 'sweep failures')],
      }),
      new GraphWidget({
        title: 'Ingest latency',
        left: [
          s.ingestFunction.metricDuration({ period, statistic: 'p50', label: 'ingest p50' }),
          s.ingestFunction.metricDuration({ period, statistic: 'p99', label: 'ingest p99' }),
        ],
      }),
    ],
    [
      new GraphWidget({
        title: 'Event queue',
        left: [s.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'depth' })],
        right: [
          s.queue.metricApproximateAgeOfOldestMessage({
            period,
            statistic: 'Maximum',
            label: 'oldest message age (s)',
          }),
        ],
      }),
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: [
          s.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'depth' }),
        ],
      }),
      new GraphWidget({
        title: 'Processor',
        left: [
          s.processorFunction.metricErrors({ period, statistic: 'Sum', label: 'errors' }),
          s.processorFunction.metricThrottles({ period, statistic: 'Sum', label: 'throttles' }),
        ],
        right: [s.processorFunction.metricDuration({ period, statistic: 'p99', label: 'duration p99' })],
      }),
    ],
    [
      new GraphWidget({
        title: 'Events',
        left: [
          m(AppMetricName.EventProcessed),
          m(AppMetricName.EventSkipped),
          m(AppMetricName.EventFailed),
          m(AppMetricName.EventRetried, { Reason: 'claim_in_progress' }, 'EventRetried (claim in progress)'),
          m(AppMetricName.EventParked, { Reason: 'reinstall_needed' }, 'EventParked (reinstall needed)'),
        ],
      }),
      new GraphWidget({
        title: 'Token grants',
        left: [m(AppMetricName.TokenGrant), m(AppMetricName.TokenGrantFailed)],
      }),
      new GraphWidget({
        title: 'Plane API rate limiting',
        left: [m(AppMetricName.PlaneApiCall, { Status: '429' }, 'responses 429'), m(AppMetricName.PlaneApiThrottled)],
      }),
    ],
  ];
}
