/** The fixed prose of the report: how each figure is taken and what it does not say. */

export function addedInputsNote(adds: ReadonlyArray<{ path: string; bytes: number }>): string {
  if (adds.length === 0) return 'The ingest bundle holds no input the baseline lacks.';
  return (
    'Largest inputs the ingest bundle adds over the baseline: ' +
    `${adds.map((add) => `\`${add.path}\` ${add.bytes} B`).join(', ')}.`
  );
}

export const METHOD_NOTES = `## How the figures are taken

- **Bundles**: \`tools/bench/build-bundle.ts\` runs esbuild with the options \`lib/plane-function.ts\` gives
  NodejsFunction. The baseline (\`tools/bench/baseline-handler.ts\`) only reads one secret (GetSecretValue,
  cached 5 minutes like ingest's) and sends one SQS message, with both clients created once per cold
  start. Load time is \`require(bundle)\` timed with \`process.hrtime\` inside a fresh \`node -e\` (Node's own
  start-up excluded), 10 runs per bundle taken in turns, with the Lambda environment variables set so
  module-scope composition runs. The size budget is also enforced by \`test/budgets/ingest-bundle.test.ts\`;
  the load-time budget is only reported here (too noisy for CI).
- **Ingest in process**: \`createIngestHandler(env)\` and the baseline, called with API Gateway v2 events whose
  bodies are Python-\`json.dumps\` fixtures signed with \`signBody\` (signed before the clock starts), against
  local-aws-sqs and the Secrets Manager stand-in over loopback; 200 warm-up calls, then 2,000 calls at
  concurrency 1 and 2,000 at 10, the two handlers taking turns every 250 calls. Loopback SQS answers in
  about a millisecond: on AWS, SendMessage adds several ms to every call, so the absolute figures are a
  floor and the ingest/baseline difference is the kit's own overhead.
- **Processor**: \`createProcessorHandler\` with \`createExampleApp({ agentRuns: false })\`, the Plane simulator
  and dynalite behind a counter of \`X-Amz-Target\` operations. The installation is stored without a token,
  so the first (cold) batch reads it and fetches one token; then 60 batches of 10 run one after another, as
  on one warm Lambda instance. The installation cache keeps entries 60 s, so a warm instance reads each
  installation about once a minute, whatever the volume. The Plane calls go to a loopback simulator: on
  AWS each one costs a round trip to Plane (typically tens to hundreds of ms), which dominates the
  processor's billed duration.
- **Local mode**: autocannon runs in the same process as local mode (and as the bare server it is compared
  with), signing a new body for every request. "processed" sums the \`EventProcessed\` and \`EventSkipped\` EMF
  counters local mode writes; processed/s runs from the first request to the last event handled.
  \`npm start\` is timed from spawning \`tsx bin/start.ts\` (not npm) to its "running locally" line.
- **Cost**: Lambda bills each invocation rounded up to the next ms. Log bytes are what the handlers wrote
  to stdout in sections 2 and 3 at the stack's log level, INFO (ingest: one JSON line per webhook that
  carries its metric fields, EMF only for the rarer metrics; processor: one Powertools line per event +
  the batch's EMF lines), plus one API Gateway access-log line per webhook. Lambda's START/END/REPORT
  lines are counted only if the functions' system log level lets them through (the stack sets WARN).
  SQS message size is the body plus about 200 B of attributes. Not included: the event-source mapping's
  empty long polls (a fixed cost when idle, not per webhook), alarms, dashboards, data transfer, the free
  tier, and DynamoDB storage of dedup records (about 150 B each, kept two days).
- **Noise**: the machine is shared; compare figures from one run with each other (ingest vs baseline,
  local mode vs bare server) rather than across runs. \`bench-results.json\` (written to the OS temp
  directory) holds every figure.`;
