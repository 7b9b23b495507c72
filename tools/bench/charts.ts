import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LatencyCurve, latencySpec } from '../charts/latency-chart';
import { writeSvg } from '../charts/render-svg';
import { ROOT } from './build-bundle';
import type { BenchResults } from './results';

/** Where the charts go: docs/ is committed (bench-out/ is not), so BENCHMARKS.md and the README can link them. */
const LATENCY_CHART = 'docs/bench-latency.svg';
const SOAK_CHART = 'docs/soak-timeline.svg';

/** Every latency the bench measured sample by sample, one curve each. */
function latencyCurves(r: BenchResults): LatencyCurve[] {
  const { ingest, localThroughput, localLatency } = r;
  return [
    { name: 'ingest handler in process, sequential', points: ingest.ingest.sequential.curve },
    { name: 'baseline handler in process, sequential', points: ingest.baseline.sequential.curve },
    { name: 'ingest handler in process, 10 concurrent', points: ingest.ingest.concurrent.curve },
    { name: 'baseline handler in process, 10 concurrent', points: ingest.baseline.concurrent.curve },
    { name: 'local mode webhook over HTTP (autocannon, 10 connections)', points: localThroughput.local.curve },
    {
      name: `local mode mention → bot reply (${localLatency.mentionReplies} mentions)`,
      points: localLatency.mentionCurve,
    },
  ];
}

/** Draws the latency chart into docs/ and returns the Markdown that links it (and the soak's timeline, if drawn). */
export async function writeBenchCharts(r: BenchResults): Promise<string> {
  await writeSvg(
    join(ROOT, LATENCY_CHART),
    latencySpec(`npm run bench, ${r.machine.date.slice(0, 10)}: latency by percentile`, latencyCurves(r)),
  );
  const lines = [
    '## Charts',
    '',
    `![Latency by percentile](${LATENCY_CHART})`,
    '',
    `[${LATENCY_CHART}](${LATENCY_CHART}): latency by percentile of every path measured below (log scales).`,
  ];
  if (existsSync(join(ROOT, SOAK_CHART)))
    lines.push(
      '',
      `[${SOAK_CHART}](${SOAK_CHART}): the last \`npm run soak\` as a timeline (accepted/s, processed/s, queue ` +
        'depth, fault windows shaded).',
    );
  return lines.join('\n');
}
