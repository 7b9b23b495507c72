import { formatUsd, PRICES } from './cost';
import { casesSection } from './report-cases';
import { addedInputsNote } from './report-notes';
import type { BenchResults } from './results';
import { percentOver } from './stats';

type Cell = string | number;

function table(header: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const ok = (pass: boolean) => (pass ? 'ok' : '**MISSED**');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function bundlesSection(r: BenchResults): string {
  const { bundles } = r;
  const base = bundles.baseline;
  const rows = bundles.bundles.map((b) => [
    b.name,
    b.bytes.toLocaleString('en-US'),
    kb(b.bytes),
    b.name === 'baseline' ? '–' : percentOver(b.bytes, base.bytes),
    b.loadMedianMs,
    b.loadMinMs,
    b.name === 'baseline' ? '–' : percentOver(b.loadMedianMs, base.loadMedianMs),
  ]);
  const { budget } = bundles;
  return [
    '## 1. Bundles (esbuild as the stack runs it: minified, node20, AWS SDK bundled, no source map; CJS, ' +
      'ingest as ES modules split in chunks)',
    '',
    table(['bundle', 'bytes', 'KB', 'size vs baseline', 'load median ms', 'min ms', 'load vs baseline'], rows),
    '',
    ...bundles.bundles.flatMap((b) =>
      b.lazy
        ? [
            `${b.name}: bytes and load time are its common path (the handler's file and its static imports). ` +
              `Its rare paths (a large body, an SQS outage) first import the S3 chunk: ${kb(b.lazy.bytes)} KB more, ` +
              `${b.lazy.loadMedianMs} ms median on that first call.`,
            '',
          ]
        : [],
    ),
    table(
      ['budget', 'limit', 'measured', ''],
      [
        [
          'ingest size',
          `${budget.maxBytes.toLocaleString('en-US')} B`,
          `${bundles.ingest.bytes.toLocaleString('en-US')} B`,
          ok(budget.sizeOk),
        ],
        [
          'ingest size vs baseline',
          `+${budget.maxOverBaseline * 100}%`,
          percentOver(bundles.ingest.bytes, base.bytes),
          ok(budget.ratioOk),
        ],
        [
          'ingest load vs baseline (median, noisy)',
          `+${budget.maxOverBaseline * 100}%`,
          percentOver(bundles.ingest.loadMedianMs, base.loadMedianMs),
          ok(budget.loadOk),
        ],
      ],
    ),
    '',
    addedInputsNote(bundles.ingestAdds),
  ].join('\n');
}

function ingestSection(r: BenchResults): string {
  const { ingest } = r;
  const rows = (['ingest', 'baseline'] as const).flatMap((name) =>
    (['sequential', 'concurrent'] as const).map((mode) => {
      const run = ingest[name][mode];
      return [name, run.concurrency, run.calls, run.perSecond, run.meanMs, run.p50Ms, run.p99Ms, run.failures];
    }),
  );
  const seq = ingest.ingest.sequential;
  const baseSeq = ingest.baseline.sequential;
  return [
    '## 2. Ingest handler in process (real API Gateway v2 events, signed like Plane, against ' +
      'local-aws-sqs and the Secrets Manager stand-in)',
    '',
    table(['handler', 'concurrency', 'calls', 'calls/s', 'mean ms', 'p50 ms', 'p99 ms', 'non-200'], rows),
    '',
    `Ingest vs baseline, sequential: p50 ${percentOver(seq.p50Ms, baseSeq.p50Ms)}, calls/s ` +
      `${percentOver(seq.perSecond, baseSeq.perSecond)}. ` +
      `Ingest writes ${ingest.ingest.logBytesPerCall} B in ${ingest.ingest.logLinesPerCall} lines (log line with ` +
      `its metric fields) per call; body ${ingest.bodyBytes} B.`,
  ].join('\n');
}

function processorSection(r: BenchResults): string {
  const p = r.processor;
  const ops = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ') || 'none';
  return [
    '## 3. Processor (example app, batches of 10 `issue_comment.created` mentions asking `help`, Plane ' +
      'simulator, dynalite)',
    '',
    table(
      ['measure', 'value', 'budget', ''],
      [
        ['events/s (one warm instance, sequential batches)', p.eventsPerSecond, '', ''],
        ['ms per event (batch mean / 10)', p.msPerEvent, '', ''],
        ['batch p50 / p99 ms', `${p.batchP50Ms} / ${p.batchP99Ms}`, '', ''],
        ['DynamoDB GetItem per event (known installation, warm)', p.getItemPerEvent, '0', ok(p.getItemPerEvent === 0)],
        ['DynamoDB requests per event (warm)', ops(p.dynamoPerEvent), '2 PutItem', ''],
        ['DynamoDB requests in the cold batch (10 events)', ops(p.dynamoColdBatch), '', ''],
        ['token requests, cold batch', p.tokenRequestsCold, '≤ 1', ok(p.tokenRequestsCold <= 1)],
        [`token requests, next ${p.events} events`, p.tokenRequestsMeasured, '0', ok(p.tokenRequestsMeasured === 0)],
        ['replies / mentions', `${p.replies} / ${p.mentions}`, 'equal', ok(p.replies === p.mentions)],
        ['failed records', p.failedRecords, '0', ok(p.failedRecords === 0)],
        ['stdout per event (Powertools log + EMF)', `${p.logBytesPerEvent} B, ${p.logLinesPerEvent} lines`, '', ''],
      ],
    ),
  ].join('\n');
}

function localSection(r: BenchResults): string {
  const { local, bareHttp } = r.localThroughput;
  const l = r.localLatency;
  return [
    '## 4. Local mode end to end (autocannon, 10 connections, 10 s, distinct signed `issue.updated` ' +
      'bodies for an app with one handler that takes every event and does nothing)',
    '',
    table(
      ['target', 'requests', 'accepted/s', 'p50 ms', 'p99 ms', 'non-2xx + errors', 'processed', 'processed/s'],
      [
        [
          'local mode (`startLocal`)',
          local.requests,
          local.acceptedPerSecond,
          local.p50Ms,
          local.p99Ms,
          local.non2xx + local.errors,
          local.processed,
          local.processedPerSecond,
        ],
        [
          'bare `node:http` (200 only)',
          bareHttp.requests,
          bareHttp.acceptedPerSecond,
          bareHttp.p50Ms,
          bareHttp.p99Ms,
          bareHttp.non2xx + bareHttp.errors,
          '–',
          '–',
        ],
      ],
    ),
    '',
    `The queue was drained ${local.drainedAfterLoadMs} ms after the load stopped. Processed can exceed ` +
      'accepted by up to the ' +
      'connection count: requests in flight when autocannon stops are handled but not counted by it.',
    '',
    '## 5. Local mode latency',
    '',
    table(
      ['measure', 'value'],
      [
        ['`startLocal` to ready, in process (median / min of 5)', `${l.startMedianMs} / ${l.startMinMs} ms`],
        ['`npm start` (tsx bin/start.ts) spawn to "running locally"', `${l.npmStartMs} ms`],
        [
          `mention to reply (median / p90 of ${l.mentionReplies}, agent runs ${l.agentRuns ? 'on' : 'off'})`,
          `${l.mentionToReplyMedianMs} / ${l.mentionToReplyP90Ms} ms`,
        ],
      ],
    ),
  ].join('\n');
}

function costSection(r: BenchResults): string {
  const { cost } = r;
  const i = cost.inputs;
  return [
    `## 6. Cost per million webhooks on AWS (us-east-1, arm64, list prices used on ${r.machine.date.slice(0, 10)})`,
    '',
    casesSection(r),
    '',
    '### All handled, line by line',
    '',
    `Inputs: ingest ${i.ingestMs} ms at ${i.ingestMemoryMb} MB (mean in-process duration), processor ` +
      `${i.processorMsPerEvent} ms per event at ${i.processorMemoryMb} MB ` +
      `in batches of ${i.batchSize}, ${i.dynamoWritesPerEvent} DynamoDB writes and ` +
      `${i.dynamoReadsPerEvent} reads per event, ${Math.round(cost.logBytesPerEvent)} B of logs per ` +
      `event (an access-log line is ${i.accessLogBytes} B).`,
    '',
    table(
      ['service', 'item', 'quantity', 'unit price', 'USD per 1M'],
      [
        ...cost.rows.map((row) => [row.service, row.item, row.quantity, row.unitPrice, formatUsd(row.usd)]),
        ['**total**', '', '', '', `**${formatUsd(cost.total)}**`],
      ],
    ),
    '',
    'On AWS the durations are longer than on loopback: every extra ms of ingest adds ' +
      `${formatUsd(cost.perExtraMs.ingest)} per million webhooks, ` +
      `every extra ms of processor time per event ${formatUsd(cost.perExtraMs.processor)} (a 100 ms ` +
      `Plane round trip per event: ${formatUsd(100 * cost.perExtraMs.processor)}).`,
    '',
    `Prices: API Gateway HTTP $${PRICES.apiGatewayHttpPerMillion}/M requests; Lambda arm64 ` +
      `$${PRICES.lambdaArmPerGbSecond}/GB-s + $${PRICES.lambdaPerMillionRequests}/M requests; ` +
      `SQS standard $${PRICES.sqsPerMillionRequests}/M requests (64 KB chunks); DynamoDB on-demand ` +
      `$${PRICES.dynamoPerMillionWru}/M WRU, $${PRICES.dynamoPerMillionRru}/M RRU; ` +
      `CloudWatch Logs $${PRICES.logsPerGbIngested}/GB ingested; Secrets Manager ` +
      `$${PRICES.secretsPer10kCalls}/10k calls.`,
  ].join('\n');
}

/** The whole report as Markdown: BENCHMARKS.md and the console print the same text. */
export function renderReport(r: BenchResults, notes: string, charts = ''): string {
  const m = r.machine;
  return [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${m.date}: Node ${m.node}, ${m.cpu} × ${m.cores} cores, load ` +
      `average ${m.loadAverage} at start` +
      `${m.commit ? `, commit ${m.commit}` : ''}; the run took ${r.runSeconds} s.`,
    '',
    r.problems.length > 0
      ? `**Problems found:**\n\n${r.problems.map((problem) => `- ${problem}`).join('\n')}`
      : 'All budgets met.',
    '',
    ...(charts ? [charts, ''] : []),
    bundlesSection(r),
    '',
    ingestSection(r),
    '',
    processorSection(r),
    '',
    localSection(r),
    '',
    costSection(r),
    '',
    notes,
    '',
  ].join('\n');
}
