import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { latencySpec } from '../../tools/charts/latency-chart';
import { soakTimelineSpec } from '../../tools/charts/soak-timeline';

const ROOT = join(__dirname, '..', '..');

/**
 * Vega and Vega-Lite are ES modules with top-level await, which Jest's CommonJS runtime cannot load:
 * the specs are drawn by tools/charts/render-svg.ts in a child process, as `npm run soak` and
 * `npm run bench` run it (tsx).
 */
function renderInChild(specs: Record<string, TopLevelSpec>): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'charts-'));
  try {
    const script =
      "const { writeSvg } = require('./tools/charts/render-svg.ts');" +
      "const { specs, folder } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));" +
      'Promise.all(Object.entries(specs).map(([name, spec]) =>' +
      " writeSvg(require('node:path').join(folder, name + '.svg'), spec)));";
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['-e', script], {
      cwd: ROOT,
      input: JSON.stringify({ specs, folder }),
    });
    return Object.fromEntries(
      Object.keys(specs).map((name) => [name, readFileSync(join(folder, `${name}.svg`), 'utf8')]),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const samples = [1, 2, 3, 4].map((second) => ({
  second,
  acceptedPerSecond: 10 * second,
  processedPerSecond: 8 * second,
  queueDepth: 5 - second,
}));
const windows = [
  { label: 'SQS refusing sends', fromSecond: 1, toSecond: 2.5 },
  { label: 'tokens expired', fromSecond: 3, toSecond: 3 },
];

describe('chart specs', () => {
  test('the soak timeline has a rates panel and a queue panel, both with the fault bands', () => {
    const spec = soakTimelineSpec({ title: 'soak', samples, windows }) as unknown as {
      vconcat: Array<{ layer: Array<{ data: { values: Array<Record<string, unknown>> } }> }>;
    };
    expect(spec.vconcat).toHaveLength(2);
    const [bands, rates] = spec.vconcat[0].layer;
    // An instant (tokens expired) is drawn one second wide so it can be seen.
    expect(bands.data.values).toEqual([
      { fault: 'SQS refusing sends', from: 1, to: 2.5 },
      { fault: 'tokens expired', from: 3, to: 4 },
    ]);
    expect(rates.data.values).toContainEqual({ second: 2, series: 'accepted/s', value: 20 });
    expect(rates.data.values).toContainEqual({ second: 2, series: 'processed/s', value: 16 });
    expect(spec.vconcat[1].layer[1].data.values).toContainEqual({ second: 4, depth: 1 });
  });

  test('the latency chart places percentiles on a stretched tail: p50 at 2, p99 at 100', () => {
    const spec = latencySpec('latency', [
      {
        name: 'ingest',
        points: [
          { percentile: 50, ms: 2 },
          { percentile: 99, ms: 9 },
        ],
      },
    ]) as unknown as { data: { values: Array<{ x: number; ms: number; path: string }> } };
    expect(spec.data.values.map((value) => [value.path, Math.round(value.x), value.ms])).toEqual([
      ['ingest', 2, 2],
      ['ingest', 100, 9],
    ]);
  });
});

test('both charts render headlessly to SVG with their marks, axes and legends', () => {
  const svgs = renderInChild({
    soak: soakTimelineSpec({ title: 'Soak timeline', samples, windows }),
    latency: latencySpec('Latency', [
      {
        name: 'ingest handler',
        points: [
          { percentile: 0, ms: 1 },
          { percentile: 50, ms: 2 },
          { percentile: 100, ms: 30 },
        ],
      },
    ]),
  });
  for (const svg of Object.values(svgs)) {
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*width="\d+" height="\d+"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('class="mark-line role-mark');
    expect(svg).toContain('role-axis');
  }
  expect(svgs.soak).toContain('class="mark-rect role-mark');
  expect(svgs.soak).toContain('class="mark-area role-mark');
  for (const text of ['Soak timeline', 'accepted/s', 'processed/s', 'queue depth', 'SQS refusing sends'])
    expect(svgs.soak).toContain(`>${text}<`);
  for (const text of ['Latency', 'ingest handler', 'p50', 'max']) expect(svgs.latency).toContain(`>${text}<`);
});
