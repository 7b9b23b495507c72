/**
 * `npm run soak -- [--events N] [--seed S] [--rate R] [--processors P] [--concurrency C] [--chart FILE]`:
 * sends N Plane-shaped webhooks (duplicates, copies at once, late ones, bodies up to 3 MB, bad
 * signatures, malformed bodies) through local mode with P processor invocations at once, while
 * SQS goes down for 30 s, processors are killed mid-batch, Plane's API and token endpoint fail,
 * Plane refuses the bot grant until the app is reinstalled and a handler crashes; then redrives
 * the dead-letter queue and checks that every event had exactly one side effect. Draws the run as
 * a timeline (default docs/soak-timeline.svg). Not part of npm test.
 */

import { SQSClient } from '@aws-sdk/client-sqs';
import { createProgress } from '../bin/ops/progress';
import { redrive } from '../lambdas/adapters/sqs-redrive';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../lambdas/local/local-settings';
import { startLocal } from '../lambdas/local/runtime';
import { LOCAL_AWS } from '../lambdas/local/stand-ins';
import { installThroughConsent } from './bench/local-throughput';
import { writeSvg } from './charts/render-svg';
import { soakTimelineSpec } from './charts/soak-timeline';
import { readSoakArgs, SOAK_USAGE } from './soak/args';
import { keptCount } from './soak/bucket';
import { evaluate } from './soak/checks';
import { faultEvidence, latencyGroups } from './soak/evidence';
import { startFaultDirector } from './soak/fault-director';
import { killStep, planeApiStep, sqsDownStep, token500Step } from './soak/fault-steps';
import { createKillSwitch } from './soak/kill-switch';
import { latencyRows } from './soak/latency';
import { readLedger } from './soak/ledger';
import { buildPlan, type SoakPlan } from './soak/plan';
import { createRng } from './soak/prng';
import { peekDedupKeys, queueDepth, settle } from './soak/queues';
import { refusalStep } from './soak/refusal-step';
import { printReport } from './soak/report';
import { sendAll } from './soak/sender';
import { startSeries } from './soak/series';
import { type CrashSwitch, createMetricTally, createQuietLogger, createSoakApp } from './soak/soak-app';
import { startSqsFaultProxy } from './soak/sqs-fault-proxy';

const POOL_SIZE = 40;
/** Local mode's retry delay (the visibility timeout; a 4 s processor timeout, localEventTimings). */
const RETRY_SECONDS = 10;
/** A second refusal this long after the first confirms it (10 minutes on AWS, scaled like the retry delay). */
const REFUSAL_CONFIRM_MS = 12_000;
const SQS_DOWN_MS = 30_000;
const DRAIN_TIMEOUT_MS = 9 * 60_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<boolean> {
  const args = readSoakArgs();
  if (!args) {
    process.stdout.write(`${SOAK_USAGE}\n`);
    return true;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startedAt = Date.now();
  const say = (line: string) => process.stdout.write(`[soak ${seconds(Date.now() - startedAt).padStart(7)}] ${line}\n`);
  const proxy = await startSqsFaultProxy(createRng(args.seed * 7919));
  const crash: CrashSwitch = { on: true, poison: new Set<string>(), thrown: 0 };
  let plan: SoakPlan | undefined;
  const kills = createKillSwitch(createRng(args.seed * 104_729), (key) => plan?.identityOfKey.get(key));
  const logs = createQuietLogger();
  const metrics = createMetricTally();
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: logs.log,
    setup: createSoakApp(crash),
    retrySeconds: RETRY_SECONDS,
    concurrency: args.processors,
    abandonInvocation: (records) => kills.abandon(records),
    refusalConfirmMs: REFUSAL_CONFIRM_MS,
    metricsSink: metrics.sink,
    functionsSqsEndpoint: (endpoint) => {
      proxy.target(endpoint);
      return proxy.endpoint;
    },
  });
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: app.sqs.endpoint });
  try {
    const simulator = app.simulator;
    if (!simulator) throw new Error('local mode started without the Plane simulator (is PLANE_API_URL set?)');
    await installThroughConsent(app);
    const pool = Array.from({ length: POOL_SIZE }, (_, k) =>
      simulator.createWorkItem({ name: `Soak item ${k + 1}: café ☕ naïve`, priority: 'medium' }),
    );
    await app.idle(60_000);
    const baseline = simulator.data.comments.length;
    const installation = simulator.installation();
    if (!installation) throw new Error('no installation after the consent form');
    const run = buildPlan({
      count: args.events,
      rng: createRng(args.seed),
      secret: LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET,
      data: simulator.data,
      installation,
      actor: simulator.data.human,
      pool,
    });
    plan = run;
    for (const identity of run.poison) crash.poison.add(identity);
    say(
      `installed; ${POOL_SIZE} work items; ${args.processors} processors; plan: ${run.requests.length} webhooks at ` +
        `${args.rate}/s, ${run.distinct.size} distinct events, ${run.poison.size} poison, ${run.large.size} large, ` +
        `${run.bursts.size} bursts, ${run.late.size} late`,
    );

    const processed = () => simulator.data.comments.length - baseline;
    const series = startSeries({
      sample: async () => ({ processed: processed(), queueDepth: await queueDepth(sqs, app.sqs.queueUrl) }),
    });
    const parkedByRefusal = new Set<string>();
    let sent = 0;
    const director = startFaultDirector(
      [
        sqsDownStep(proxy, 0.08, SQS_DOWN_MS),
        killStep(kills, 0.2, 0.5, 15_000),
        // Before the token endpoint's 500s: a refusal right after them met a token endpoint still
        // throttled (429, the renewal lease held a minute), and the queue had drained of the
        // events whose grants could confirm it.
        refusalStep({
          app,
          sqs,
          at: 0.3,
          retrySeconds: RETRY_SECONDS,
          onRedrive: (keys) => {
            for (const identity of keys.map((key) => run.identityOfKey.get(key)))
              if (identity && !run.poison.has(identity)) parkedByRefusal.add(identity);
          },
        }),
        planeApiStep(simulator, 0.55, 0.05, 15_000),
        token500Step(simulator, 0.7, 10_000),
        token500Step(simulator, 0.9, 10_000),
      ],
      () => sent / run.requests.length,
      (line) => say(`fault ${line.trim()}`),
    );
    const sending = createProgress({ label: 'soak: sending', total: run.requests.length, unit: 'webhooks' });
    const sendStarted = Date.now();
    const outcomes = await sendAll({
      webhookUrl: `${app.appUrl}/webhook`,
      requests: run.requests,
      concurrency: args.concurrency,
      ratePerSecond: args.rate,
      gate: director.gate,
      holdRetries: () => proxy.refusing,
      retryGate: () => proxy.cleared(),
      onAttempt: (status) => {
        if (status === 200) series.accepted();
      },
      onFirstAttempt: (count) => {
        sent = count;
        sending.update(count, `${processed()} processed${proxy.refusing ? ', SQS down' : ''}`);
      },
    });
    const sendMs = Date.now() - sendStarted;
    sending.stop(`${outcomes.reduce((sum, outcome) => sum + outcome.attempts.length - 1, 0)} re-sends`);
    say(`sent in ${seconds(sendMs)}; running the faults not yet run, then draining the queue`);
    await director.finish();

    const drainStarted = Date.now();
    const draining = createProgress({ label: 'soak: processing', total: run.distinct.size, unit: 'events' });
    const drainTicker = setInterval(() => draining.update(processed(), 'poison events wait for the redrive'), 1000);
    await app.idle(DRAIN_TIMEOUT_MS).finally(() => clearInterval(drainTicker));
    draining.stop();
    await settle(sqs, app.sqs.deadLetterQueueUrl);
    const identities = (keys: readonly string[]) => keys.map((key) => run.identityOfKey.get(key) ?? `(key ${key})`);
    const parkedAtEnd = identities(await peekDedupKeys(sqs, app.sqs.deadLetterQueueUrl));
    const drainMs = Date.now() - drainStarted;
    say(`queue drained in ${seconds(drainMs)}; ${parkedAtEnd.length} message(s) parked; crash switch off, redriving`);

    crash.on = false;
    director.note('crash switch off; final redrive');
    const redriveStarted = Date.now();
    const moved = await redrive({
      sqs,
      queueUrl: app.sqs.queueUrl,
      deadLetterQueueUrl: app.sqs.deadLetterQueueUrl,
      dryRun: false,
    });
    await app.idle(DRAIN_TIMEOUT_MS);
    await settle(sqs, app.sqs.queueUrl, 1000);
    const redriveMs = Date.now() - redriveStarted;
    series.window('final redrive (crash switch off)', redriveStarted, Date.now());
    for (const window of director.windows) series.window(window.label, window.fromMs, window.toMs);
    const chart = await writeSvg(
      args.chart,
      soakTimelineSpec({
        title: `npm run soak: ${run.requests.length} webhooks, seed ${args.seed}`,
        ...(await series.stop()),
      }),
    );

    const ledger = readLedger({
      plan: run,
      outcomes,
      comments: simulator.data.comments.slice(baseline),
      botId: simulator.botUser()?.id,
    });
    const evidenceInput = {
      plan: run,
      times: ledger,
      windows: director.windows,
      killed: kills.killed,
      metric: metrics.get,
      tokenRequests: simulator.tokenRequests,
      outcomes,
      traces: proxy.traces,
      parkedByRefusal,
      sqsRefusals: proxy.injected['answer-500'] + proxy.injected.reset + proxy.injected['queue-then-500'],
    };
    const verdict = evaluate({
      plan: run,
      outcomes,
      traces: proxy.traces,
      comments: ledger.comments,
      strayComments: ledger.stray,
      parkedAtEnd,
      parkedByRefusal: [...parkedByRefusal],
      parkedAfter: identities(await peekDedupKeys(sqs, app.sqs.deadLetterQueueUrl)),
      queueDepthAfter: await queueDepth(sqs, app.sqs.queueUrl),
      // s3rver has answered this listing 500 after a long SQS outage (the sweeper's listing too):
      // a failed check, not a crash that hides the ledger.
      keptAfter: await keptCount(app).catch((error: unknown) => ({ listingFailed: String(error) })),
      faults: faultEvidence(evidenceInput),
    });
    const grants = (type: string) => simulator.tokenRequests.filter((request) => request.grantType === type).length;
    const injected = proxy.injected;
    return printReport({
      verdict,
      timeline: director.timeline,
      latency: latencyRows(ledger, latencyGroups(evidenceInput)),
      errors: new Map(
        [...logs.errors].map(([message, times]) => {
          const cause = logs.firstCause.get(message);
          return [cause ? `${message} (first: ${cause})` : message, times];
        }),
      ),
      warnings: logs.warnings,
      extra: [
        ['processor invocations at once', args.processors],
        [
          'SQS sends refused by the proxy (500 / reset / queued+500)',
          `${injected['answer-500']} / ${injected.reset} / ${injected['queue-then-500']}`,
        ],
        [
          'Plane API 429 / 5xx seen by the processor',
          `${metrics.get('PlaneApiCall|Status=429')} / ${metrics.get('PlaneApiCall|Status=5xx')}`,
        ],
        ['Plane API calls (all)', metrics.get('PlaneApiCall')],
        ['token requests (bot grants / all)', `${grants('client_credentials')} / ${simulator.tokenRequests.length}`],
        ['handler crashes on poison (crash switch on)', crash.thrown],
        ['final redrive (moved / failed)', `${moved.moved} / ${moved.failed}`],
        [
          'events processed / skipped: duplicate / unhandled (echoes)',
          `${metrics.get('EventProcessed')} / ${metrics.get('EventSkipped|Reason=duplicate')} / ` +
            `${metrics.get('EventSkipped|Reason=unhandled')}`,
        ],
        [
          'elapsed: send / drain / redrive / total',
          `${seconds(sendMs)} / ${seconds(drainMs)} / ${seconds(redriveMs)} / ${seconds(Date.now() - startedAt)}`,
        ],
        ['timeline chart', chart],
      ],
    });
  } finally {
    sqs.destroy();
    await app.stop();
    await proxy.close();
  }
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
