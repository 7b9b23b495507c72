import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, MetricName } from '../lambdas/core/metrics';

/** Custom metric names the functions emit as CloudWatch EMF (one list, shared with the functions). */
export const AppMetricName = MetricName;

/** One of {@link AppMetricName}. */
export type AppMetricName = MetricName;

/** Values of the `Reason` dimension of `WebhookRejected`. */
export const WEBHOOK_REJECTION_REASONS = [
  'invalid_signature',
  'invalid_envelope',
  'payload_too_large',
  'enqueue_failed',
] as const;

/**
 * A metric of the app in one stage. Dimension sets are `[Stage]`, or `[Stage, Reason]` /
 * `[Stage, Status]` when `extraDimensions` is given. Summed over 5 minutes unless overridden.
 */
export function appMetric(
  stage: string,
  metricName: AppMetricName,
  extraDimensions: Readonly<Record<string, string>> = {},
  options: MetricOptions = {},
): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { Stage: stage, ...extraDimensions },
    statistic: 'Sum',
    period: Duration.minutes(5),
    ...options,
  });
}
