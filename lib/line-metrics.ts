import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LINE_METRICS, METRICS_NAMESPACE } from '../lambdas/core/metrics';

/** Properties of {@link LineMetricFilters}. */
export interface LineMetricFiltersProps {
  /** The log group whose lines carry the metric fields (ingest's). */
  readonly logGroup: ILogGroup;
}

/**
 * Turns the metric fields of ingest's log lines (LINE_METRICS: `"Stage": "prod",
 * "WebhookAccepted": 1`, and `"Reason"` when there is one) into the metrics EMF would publish: one
 * under `[Stage]`, and one under `[Stage, <dimension>]` for lines that carry the dimension. Alarms
 * and the dashboard read them like any other app metric (app-metrics.ts). Metric filters cost
 * nothing per line; an EMF block on each webhook's line would cost about 150 B of log ingestion.
 */
export class LineMetricFilters extends Construct {
  /** Every filter, one per metric and dimension set. */
  public readonly filters: readonly MetricFilter[];

  constructor(scope: Construct, id: string, props: LineMetricFiltersProps) {
    super(scope, id);
    const filters: MetricFilter[] = [];
    for (const [name, dimensions = []] of Object.entries(LINE_METRICS)) {
      const counted = FilterPattern.numberValue(`$.${name}`, '>', 0);
      const filter = (fid: string, extra: readonly string[]) =>
        new MetricFilter(this, fid, {
          logGroup: props.logGroup,
          metricNamespace: METRICS_NAMESPACE,
          metricName: name,
          metricValue: `$.${name}`,
          filterPattern: FilterPattern.all(
            counted,
            FilterPattern.exists('$.Stage'),
            ...extra.map((dimension) => FilterPattern.exists(`$.${dimension}`)),
          ),
          dimensions: Object.fromEntries(['Stage', ...extra].map((dimension) => [dimension, `$.${dimension}`])),
        });
      filters.push(filter(name, []));
      for (const dimension of dimensions) filters.push(filter(`${name}By${dimension}`, [dimension]));
    }
    this.filters = filters;
  }
}
