import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { useLocalAws } from '../../test/helpers/aws-env';
import { createBaselineHandler } from './baseline-handler';
import { FUNCTION_ENV } from './bundles';
import { issueUpdatedBodies, planeHeaders, webhookEvent } from './signed-events';
import { mean, nowMs, percentile, percentileCurve, progress, round } from './stats';
import { type CapturedOutput, captureStdout } from './stdout-capture';

const WARM_UP = 200;
const CALLS = 2000;
/** Ingest and baseline take turns in blocks this size, so machine noise hits both alike. */
const BLOCK = 250;
const CONCURRENCY = 10;
const SECRET = 'whsec-bench-0123456789abcdef';

type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
type Name = 'ingest' | 'baseline';

interface LatencyRun {
  readonly calls: number;
  readonly concurrency: number;
  readonly perSecond: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 200 (should be 0). */
  readonly failures: number;
  /** Latency by percentile, for the latency chart. */
  readonly curve: Array<{ percentile: number; ms: number }>;
}

interface HandlerFigures {
  readonly sequential: LatencyRun;
  readonly concurrent: LatencyRun;
  /** Bytes and lines written to stdout (logs, EMF) per call. */
  readonly logBytesPerCall: number;
  readonly logLinesPerCall: number;
  /** The last lines the handler wrote (evidence for the log-size figures). */
  readonly sampleLines: string[];
}

export interface IngestResults {
  readonly ingest: HandlerFigures;
  readonly baseline: HandlerFigures;
  readonly bodyBytes: number;
}

interface Tally {
  latencies: number[];
  seconds: number;
  failures: number;
  bytes: number;
  lines: number;
}

/** Calls `handler` once per event with `concurrency` callers in flight, adding to `tally`. */
async function drive(
  handler: ApiHandler,
  events: APIGatewayProxyEventV2[],
  concurrency: number,
  tally: Tally,
  output: CapturedOutput,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next];
      next += 1;
      const startedAt = nowMs();
      const result = await handler(event);
      tally.latencies.push(nowMs() - startedAt);
      if (result.statusCode !== 200) tally.failures += 1;
    }
  };
  const before = { ...output };
  const startedAt = nowMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  tally.seconds += (nowMs() - startedAt) / 1000;
  tally.bytes += output.bytes - before.bytes;
  tally.lines += output.lines - before.lines;
}

const emptyTally = (): Tally => ({ latencies: [], seconds: 0, failures: 0, bytes: 0, lines: 0 });

const summary = (tally: Tally, concurrency: number): LatencyRun => ({
  calls: tally.latencies.length,
  concurrency,
  perSecond: round(tally.latencies.length / tally.seconds, 0),
  meanMs: round(mean(tally.latencies), 3),
  p50Ms: round(percentile(tally.latencies, 50), 3),
  p99Ms: round(percentile(tally.latencies, 99), 3),
  failures: tally.failures,
  curve: percentileCurve(tally.latencies),
});

/**
 * Section 2: the ingest handler and the baseline, in process, against local-aws-sqs and the Secrets Manager stand-in.
 */
export async function benchIngestInProcess(): Promise<IngestResults> {
  const sqs = await startSqs({ queueName: 'bench-events' });
  const secrets = await startSecretsManager(new Map([[FUNCTION_ENV.WEBHOOK_SECRET_ARN, SECRET]]));
  const restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint });
  const capture = captureStdout();
  try {
    const env = { ...FUNCTION_ENV, QUEUE_URL: sqs.queueUrl };
    const bodies = issueUpdatedBodies();
    let sequence = 0;
    // Signed before the clock starts: Plane signs, not the function.
    const events = (count: number) =>
      Array.from({ length: count }, () => {
        sequence += 1;
        const body = bodies(sequence);
        return webhookEvent({ body, headers: planeHeaders(body, SECRET, 'issue') });
      });
    const handlers: Array<[Name, ApiHandler]> = [
      ['ingest', createIngestHandler(env)],
      ['baseline', createBaselineHandler(env)],
    ];
    const tallies = {
      ingest: { sequential: emptyTally(), concurrent: emptyTally() },
      baseline: { sequential: emptyTally(), concurrent: emptyTally() },
    };
    for (const [, handler] of handlers) await drive(handler, events(WARM_UP), 1, emptyTally(), capture.output);
    for (const [mode, concurrency] of [
      ['sequential', 1],
      ['concurrent', CONCURRENCY],
    ] as const) {
      progress(
        `in-process ingest vs baseline: ${CALLS} calls each at concurrency ${concurrency}, in turns of ${BLOCK}`,
      );
      for (let done = 0; done < CALLS; done += BLOCK) {
        for (const [name, handler] of handlers)
          await drive(handler, events(BLOCK), concurrency, tallies[name][mode], capture.output);
      }
    }
    // The baseline writes nothing, so the last lines written are ingest's.
    const ingestLines = [...capture.output.recent];
    const figures = (name: Name): HandlerFigures => {
      const { sequential, concurrent } = tallies[name];
      const calls = sequential.latencies.length + concurrent.latencies.length;
      return {
        sequential: summary(sequential, 1),
        concurrent: summary(concurrent, CONCURRENCY),
        logBytesPerCall: round((sequential.bytes + concurrent.bytes) / calls, 1),
        logLinesPerCall: round((sequential.lines + concurrent.lines) / calls, 2),
        sampleLines: name === 'ingest' ? ingestLines : [],
      };
    };
    return { ingest: figures('ingest'), baseline: figures('baseline'), bodyBytes: Buffer.byteLength(bodies(1)) };
  } finally {
    capture.stop();
    restore();
    await Promise.all([sqs.close(), secrets.close()]);
  }
}
