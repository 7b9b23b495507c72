import type { TopLevelSpec } from 'vega-lite';
import type { FaultWindow, SoakSample } from '../soak/series';

export interface SoakTimelineInput {
  readonly title: string;
  readonly samples: readonly SoakSample[];
  readonly windows: readonly FaultWindow[];
}

const WIDTH = 760;
const RATE_SERIES = ['accepted/s', 'processed/s'];

/** The fault windows as shaded bands (an instant gets one second, so it shows). */
function faultBands(windows: readonly FaultWindow[], legend: boolean) {
  return {
    data: {
      values: windows.map((window) => ({
        fault: window.label,
        from: window.fromSecond,
        to: Math.max(window.toSecond, window.fromSecond + 1),
      })),
    },
    mark: { type: 'rect' as const, opacity: 0.18 },
    encoding: {
      x: { field: 'from', type: 'quantitative' as const },
      x2: { field: 'to' },
      color: {
        field: 'fault',
        type: 'nominal' as const,
        legend: legend ? { title: 'faults', orient: 'bottom' as const, labelLimit: 320 } : null,
      },
    },
  };
}

/**
 * The soak's timeline: accepted/s and processed/s on top, the event queue's depth below, the
 * fault windows (SQS refusing, Plane API 429/500, tokens expired, redrive) shaded across both.
 */
export function soakTimelineSpec(input: SoakTimelineInput): TopLevelSpec {
  const rates = input.samples.flatMap((sample) => [
    { second: sample.second, series: RATE_SERIES[0], value: sample.acceptedPerSecond },
    { second: sample.second, series: RATE_SERIES[1], value: sample.processedPerSecond },
  ]);
  const seconds = { field: 'second', type: 'quantitative' as const, title: 'seconds since sending started' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    background: 'white',
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: WIDTH,
        height: 220,
        layer: [
          faultBands(input.windows, true),
          {
            data: { values: rates },
            mark: { type: 'line', strokeWidth: 1.5 },
            encoding: {
              x: { ...seconds, title: null },
              y: { field: 'value', type: 'quantitative', title: 'events per second' },
              stroke: {
                field: 'series',
                type: 'nominal',
                scale: { domain: RATE_SERIES, range: ['#2563eb', '#16a34a'] },
                legend: { title: null, orient: 'top-right' },
              },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
      {
        width: WIDTH,
        height: 120,
        layer: [
          faultBands(input.windows, false),
          {
            data: { values: input.samples.map((sample) => ({ second: sample.second, depth: sample.queueDepth })) },
            mark: { type: 'area', line: true, opacity: 0.35, color: '#9333ea' },
            encoding: { x: seconds, y: { field: 'depth', type: 'quantitative', title: 'queue depth' } },
          },
        ],
      },
    ],
  };
}
