/**
 * `npm run bench`: bundle sizes and load times, the ingest and processor handlers in process,
 * local mode under load and its latency, and the cost per million webhooks on AWS. Prints a
 * Markdown report, writes it to BENCHMARKS.md, a latency chart to docs/bench-latency.svg and every
 * figure to <tmpdir>/bench-results.json. Shows its progress on stderr (a bar on a terminal).
 */
import './bench/quiet-sdk';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress } from '../bin/ops/progress';
import { Env } from '../lambdas/core/env-names';
import { formatSubscriptions } from '../lambdas/core/subscriptions';
import { accessLogBytes } from './bench/access-log';
import { ROOT } from './bench/build-bundle';
import { benchBundles } from './bench/bundles';
import { writeBenchCharts } from './bench/charts';
import { estimateCost } from './bench/cost';
import { benchIngestInProcess } from './bench/ingest-in-process';
import { benchIngestKinds } from './bench/ingest-kinds';
import { benchLocalLatency } from './bench/local-latency';
import { benchLocalThroughput } from './bench/local-throughput';
import { kindInputs, machineLines, priceCases } from './bench/mix';
import { benchProcessor } from './bench/processor';
import { renderReport } from './bench/report';
import { METHOD_NOTES } from './bench/report-notes';
import { type BenchResults, findProblems } from './bench/results';
import { nowMs, onProgress, round } from './bench/stats';

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Ingest's setting as the stack gives it: the example app's subscriptions on a default stage (agent
 * runs off, as the processor bench runs it), so unsubscribed kinds are answered 200 and not queued.
 */
async function ingestSettings(): Promise<Record<string, string>> {
  const { resolveStageConfig } = await import('../lib/stage-config.js');
  const { appSubscriptions } = await import('../bin/ops/app-subscriptions.js');
  return { [Env.Subscriptions]: formatSubscriptions(appSubscriptions(resolveStageConfig({}))) };
}

async function memorySizes(): Promise<{ ingest: number; processor: number; platformLogLines: boolean }> {
  // The stack's defaults, from the same code that synthesises it (loaded late: it pulls in aws-cdk-lib).
  const { resolveStageConfig } = await import('../lib/stage-config.js');
  const { FUNCTION_LOGGING } = await import('../lib/plane-function.js');
  const { memoryMb } = resolveStageConfig({});
  // Lambda's START / END / REPORT lines are INFO system lines: written only at a system level of INFO or DEBUG.
  const platformLogLines = ['INFO', 'DEBUG'].includes(FUNCTION_LOGGING.systemLogLevelV2);
  return { ingest: memoryMb.ingest, processor: memoryMb.processor, platformLogLines };
}

async function main(): Promise<void> {
  const startedAt = nowMs();
  const machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    loadAverage: round(loadavg()[0], 2),
    commit: commit(),
  };
  const bar = createProgress({ label: 'bench', total: 7, unit: 'steps' });
  let done = 0;
  onProgress((message) => bar.update(done, message));
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    bar.update(done, name);
    const result = await work();
    done += 1;
    bar.update(done, name);
    return result;
  };
  const bundles = await step('bundles', benchBundles);
  const ingest = await step('ingest handler in process', benchIngestInProcess);
  const ingestEnv = await ingestSettings();
  const ingestKinds = await step('ingest by kind of webhook', () => benchIngestKinds(ingestEnv));
  const processor = await step('processor', benchProcessor);
  const localThroughput = await step('local mode under load', benchLocalThroughput);
  const localLatency = await step('local mode latency', benchLocalLatency);
  const memory = await step('cost', memorySizes);
  bar.stop();
  const setting = {
    ingestMemoryMb: memory.ingest,
    processorMemoryMb: memory.processor,
    batchSize: 10,
    accessLogBytes: await accessLogBytes(),
    platformLogLines: memory.platformLogLines,
  };
  // Section 6's table is the "all handled" case: mentions asking the bot for help.
  const inputs = kindInputs('comment.mention', ingestKinds, processor.byKind, setting);
  const cases = priceCases(ingestKinds, processor.byKind, setting);
  const partial = {
    machine,
    bundles,
    ingest,
    processor,
    localThroughput,
    localLatency,
    ingestKinds,
    cost: { inputs, ...estimateCost(inputs), cases },
  };
  const results: BenchResults = {
    ...partial,
    runSeconds: round((nowMs() - startedAt) / 1000, 0),
    problems: findProblems(partial),
  };

  const report = renderReport(results, METHOD_NOTES, await writeBenchCharts(results));
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
  const jsonPath = join(tmpdir(), 'bench-results.json');
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${report}\nWrote BENCHMARKS.md and ${jsonPath}\n\n${machineLines(cases).join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm run bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
