import type { BundleResults } from './bundles';
import type { CostInputs, CostRow } from './cost';
import type { IngestResults } from './ingest-in-process';
import type { IngestKindResults } from './ingest-kinds';
import type { LocalLatencyResults } from './local-latency';
import type { LocalThroughputResults } from './local-throughput';
import type { CaseCost } from './mix';
import type { ProcessorResults } from './processor';

/** Everything one `npm run bench` measured; also written as JSON. */
export interface BenchResults {
  readonly machine: {
    readonly date: string;
    readonly node: string;
    readonly cpu: string;
    readonly cores: number;
    /** 1-minute load average when the run started: a busy machine makes every figure worse. */
    readonly loadAverage: number;
    readonly commit?: string;
  };
  readonly bundles: BundleResults;
  readonly ingest: IngestResults;
  readonly ingestKinds: IngestKindResults;
  readonly processor: ProcessorResults;
  readonly localThroughput: LocalThroughputResults;
  readonly localLatency: LocalLatencyResults;
  readonly cost: {
    readonly inputs: CostInputs;
    readonly rows: CostRow[];
    readonly total: number;
    readonly logBytesPerEvent: number;
    readonly perExtraMs: { readonly ingest: number; readonly processor: number };
    /** The three traffic cases (all handled, none handled, the example mix). */
    readonly cases: readonly CaseCost[];
  };
  readonly runSeconds: number;
  /** Budgets not met and other findings, as sentences. */
  readonly problems: string[];
}

/** The budgets and expectations a run is checked against; each miss is one sentence. */
export function findProblems(results: Omit<BenchResults, 'problems' | 'runSeconds'>): string[] {
  const problems: string[] = [];
  const { bundles, processor, ingest, localThroughput, localLatency } = results;
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  if (!bundles.budget.sizeOk)
    problems.push(
      `ingest bundle is ${bundles.ingest.bytes} B, over its budget of ${bundles.budget.maxBytes} B ` +
        '(tools/bench/budgets.ts)',
    );
  if (!bundles.budget.ratioOk)
    problems.push(
      `ingest bundle is ${pct(bundles.sizeOverBaseline)} larger than the baseline (budget ` +
        `${pct(bundles.budget.maxOverBaseline)})`,
    );
  if (!bundles.budget.loadOk)
    problems.push(
      `ingest bundle loads ${pct(bundles.loadOverBaseline)} slower than the baseline (budget ` +
        `${pct(bundles.budget.maxOverBaseline)}; load times are noisy, re-run on a quiet machine)`,
    );
  if (processor.getItemPerEvent > 0)
    problems.push(
      `processor makes ${processor.getItemPerEvent} DynamoDB GetItem calls per event for a known ` +
        'installation (budget 0)',
    );
  if (processor.tokenRequestsCold > 1)
    problems.push(
      `processor asked for ${processor.tokenRequestsCold} tokens for one installation (budget 1 per token lifetime)`,
    );
  if (processor.tokenRequestsMeasured > 0)
    problems.push(
      `processor asked for ${processor.tokenRequestsMeasured} more tokens while the first was still valid (budget 0)`,
    );
  if (processor.failedRecords > 0) problems.push(`processor reported ${processor.failedRecords} failed records`);
  for (const [kind, figures] of Object.entries(processor.byKind))
    if (figures.failedRecords > 0) problems.push(`processor reported ${figures.failedRecords} failed ${kind} records`);
  if (processor.replies !== processor.mentions)
    problems.push(`processor posted ${processor.replies} replies for ${processor.mentions} mentions`);
  const failures =
    ingest.ingest.sequential.failures +
    ingest.ingest.concurrent.failures +
    ingest.baseline.sequential.failures +
    ingest.baseline.concurrent.failures;
  if (failures > 0) problems.push(`${failures} in-process webhook calls did not answer 200`);
  const local = localThroughput.local;
  if (local.non2xx + local.errors > 0)
    problems.push(`local mode answered ${local.non2xx} non-2xx and had ${local.errors} errors under load`);
  if (local.processed < local.accepted)
    problems.push(`local mode processed ${local.processed} of ${local.accepted} accepted webhooks`);
  if (localLatency.mentionReplies < 20) problems.push(`only ${localLatency.mentionReplies} of 20 mentions got a reply`);
  return problems;
}
