import type { TopLevelSpec } from 'vega-lite';

/** One latency distribution: the latency (ms) at each percentile (0 = fastest, 100 = slowest). */
export interface LatencyCurve {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly percentile: number; readonly ms: number }>;
}

/** Percentiles drawn for each curve; the high ones are where latency problems show. */
const TICKS = [0, 50, 90, 99, 99.9, 100];

/**
 * Latency by percentile, one line per measured path, on log scales: the x axis stretches the
 * tail (0 → 50 → 90 → 99 → 99.9), the y axis keeps 2 ms and 80 ms readable on one chart.
 */
export function latencySpec(title: string, curves: readonly LatencyCurve[]): TopLevelSpec {
  // x = 1 / (1 - p): 50th → 2, 99th → 100, 99.9th → 1000; 100 itself is drawn just past 99.9.
  const position = (percentile: number) => 1 / Math.max(0.0005, 1 - percentile / 100);
  const values = curves.flatMap((curve) =>
    curve.points.map((point) => ({
      path: curve.name,
      percentile: point.percentile,
      x: position(point.percentile),
      ms: Math.max(0.01, point.ms),
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    width: 640,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        scale: { type: 'log', domain: [1, position(100)], nice: false },
        title: 'percentile',
        axis: {
          values: TICKS.map(position),
          labelExpr: "datum.value >= 1999 ? 'max' : 'p' + format(100 - 100 / datum.value, '.4~g')",
        },
      },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms, log scale)' },
      color: { field: 'path', type: 'nominal', legend: { title: null, orient: 'bottom', columns: 1, labelLimit: 480 } },
      tooltip: [
        { field: 'path', type: 'nominal' },
        { field: 'percentile', type: 'quantitative' },
        { field: 'ms', type: 'quantitative' },
      ],
    },
  };
}
