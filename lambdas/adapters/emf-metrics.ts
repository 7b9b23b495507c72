import type { MetricName, Metrics } from '../core/metrics';

export interface EmfMetrics extends Metrics {
  /** Writes what was counted since the last flush as CloudWatch Embedded Metric Format lines. */
  flush(): void;
}

export interface EmfOptions {
  readonly namespace: string;
  readonly stage: string;
  readonly write?: (line: string) => void;
  readonly clock?: () => number;
}

/**
 * Counters in CloudWatch EMF: each metric is published under `[Stage]` and, when it has a
 * dimension (Reason, Status), also under `[Stage, <dimension>]`, so alarms can watch either the
 * total or one reason. No SDK call: CloudWatch reads the lines from the function's log.
 */
export function createEmfMetrics(options: EmfOptions): EmfMetrics {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? Date.now;
  const pending = new Map<string, { name: MetricName; dimensions: Record<string, string>; value: number }>();
  return {
    count(name, dimensions = {}, value = 1) {
      const key = `${name}|${JSON.stringify(dimensions)}`;
      const entry = pending.get(key);
      if (entry) entry.value += value;
      else pending.set(key, { name, dimensions, value });
    },
    flush() {
      for (const { name, dimensions, value } of pending.values()) {
        const extra = Object.keys(dimensions);
        const sets = extra.length > 0 ? [['Stage'], ['Stage', ...extra]] : [['Stage']];
        write(
          JSON.stringify({
            _aws: {
              Timestamp: clock(),
              CloudWatchMetrics: [
                { Namespace: options.namespace, Dimensions: sets, Metrics: [{ Name: name, Unit: 'Count' }] },
              ],
            },
            Stage: options.stage,
            ...dimensions,
            [name]: value,
          }),
        );
      }
      pending.clear();
    },
  };
}
