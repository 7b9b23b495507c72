/**
 * `npm run soak -- [--events N] [--seed S] [--concurrency C] [--chart FILE]`: drives N Plane-shaped
 * webhooks (duplicates, bad signatures, malformed bodies) through local mode while SQS refuses sends
 * for a while, the Plane API answers 429/500, a token expires and a handler crashes; then redrives
 * the dead-letter queue and checks that every event had exactly one side effect. Draws the run as a
 * timeline (default docs/soak-timeline.svg). Not part of npm test.
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
import { readSoakArgs } from './soak/args';
import { evaluate, identityOfBody } from './soak/checks';
import { buildPlan } from './soak/plan';
import { createRng } from './soak/prng';
import { peekBodies, queueDepth, settle } from './soak/queues';
import { printReport } from './soak/report';
import { startFaultSchedule } from './soak/schedule';
import { sendAll } from './soak/sender';
import { startSeries } from './soak/series';
import {
  type CrashSwitch,
  createMetricTally,
  createQuietLogger,
  createSoakApp,
  identityOfComment,
} from './soak/soak-app';
import { startSqsFaultProxy } from './soak/sqs-fault-proxy';

const POOL_SIZE = 40;
const SQS_REFUSAL_MS = 5000;
const DRAIN_TIMEOUT_MS = 9 * 60_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<boolean> {
  const args = readSoakArgs();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startedAt = Date.now();
  const say = (line: string) => process.stdout.write(`[soak ${seconds(Date.now() - startedAt).padStart(7)}] ${line}\n`);
  const proxy = await startSqsFaultProxy(createRng(args.seed * 7919));
  const crash: CrashSwitch = { on: true, poison: new Set<string>(), thrown: 0 };
  const logs = createQuietLogger();
  const metrics = createMetricTally();
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: logs.log,
    setup: createSoakApp(crash),
    // Local mode's default: a 4 s processor timeout (localEventTimings), room for a batch of 10
    // under the soak's load; a shorter one cuts Plane calls off mid-flight, and the retry doubles them.
    retrySeconds: 10,
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
    const plan = buildPlan({
      count: args.events,
      rng: createRng(args.seed),
      secret: LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET,
      data: simulator.data,
      installation,
      actor: simulator.data.human,
      pool,
    });
    for (const identity of plan.poison) crash.poison.add(identity);
    say(
      `installed; ${POOL_SIZE} work items; plan: ${args.events} webhooks, ${plan.distinct.size} distinct ` +
        `events, ${plan.poison.size} poison`,
    );

    const processed = () => simulator.data.comments.length - baseline;
    const series = startSeries({
      sample: async () => ({ processed: processed(), queueDepth: await queueDepth(sqs, app.sqs.queueUrl) }),
    });
    const schedule = startFaultSchedule({
      simulator,
      progress: () => processed() / Math.max(1, plan.distinct.size),
      rates: { api429Rate: 0.05, api500Rate: 0.05 },
      apiFaultsAt: 0.3,
      apiFaultsMs: 15_000,
      expireTokensAt: 0.5,
    });
    const sending = createProgress({ label: 'soak: sending', total: args.events, unit: 'webhooks' });
    const refuseAt = Math.max(1, Math.floor(args.events / 6));
    const sendStarted = Date.now();
    const outcomes = await sendAll({
      webhookUrl: `${app.appUrl}/webhook`,
      requests: plan.requests,
      concurrency: args.concurrency,
      holdRetries: () => proxy.refusing,
      retryGate: () => proxy.cleared(),
      onAttempt: (status) => {
        if (status === 200) series.accepted();
      },
      onFirstAttempt: (sent) => {
        sending.update(sent, `${processed()} processed${proxy.refusing ? ', SQS refusing sends' : ''}`);
        if (sent === refuseAt) {
          proxy.refuseFor(SQS_REFUSAL_MS);
          series.window('SQS refusing sends', Date.now(), Date.now() + SQS_REFUSAL_MS);
          schedule.note(
            `SQS refuses the ingest function's sends for ${SQS_REFUSAL_MS / 1000} s (after ${sent} webhooks sent)`,
          );
          setTimeout(() => schedule.note('SQS accepts sends again'), SQS_REFUSAL_MS);
        }
      },
    });
    const sendMs = Date.now() - sendStarted;
    sending.stop(`${outcomes.reduce((sum, outcome) => sum + outcome.attempts.length - 1, 0)} re-sends`);
    say(`sent in ${seconds(sendMs)}; draining the queue`);

    const drainStarted = Date.now();
    const draining = createProgress({ label: 'soak: processing', total: plan.distinct.size, unit: 'events' });
    const drainTicker = setInterval(() => draining.update(processed(), 'poison events wait for the redrive'), 1000);
    await app.idle(DRAIN_TIMEOUT_MS).finally(() => clearInterval(drainTicker));
    draining.stop();
    const parkedCount = await settle(sqs, app.sqs.deadLetterQueueUrl);
    const drainMs = Date.now() - drainStarted;
    const parked = (await peekBodies(sqs, app.sqs.deadLetterQueueUrl)).map(
      (body) => identityOfBody(body) ?? '(unreadable)',
    );
    say(
      `queue drained in ${seconds(drainMs)}; ${parkedCount} message(s) parked; crash switch off, faults ` +
        'cleared, redriving',
    );

    crash.on = false;
    schedule.stop();
    schedule.note('crash switch off, all faults cleared; redrive');
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
    series.window('redrive (crash switch off)', redriveStarted, Date.now());
    for (const window of schedule.windows) series.window(window.label, window.fromMs, window.toMs);
    const chart = await writeSvg(
      args.chart,
      soakTimelineSpec({
        title: `npm run soak: ${args.events} webhooks, seed ${args.seed}`,
        ...(await series.stop()),
      }),
    );

    const bot = simulator.botUser()?.id;
    const comments = new Map<string, number>();
    let stray = 0;
    for (const comment of simulator.data.comments.slice(baseline)) {
      if (comment.actor !== bot) continue;
      const identity = identityOfComment(comment.comment_html);
      if (identity && (plan.distinct.has(identity) || plan.mustNotExist.has(identity)))
        comments.set(identity, (comments.get(identity) ?? 0) + 1);
      else stray += 1;
    }
    const verdict = evaluate({
      plan,
      outcomes,
      traces: proxy.traces,
      comments,
      strayComments: stray,
      parked,
      queueDepthAfter: await queueDepth(sqs, app.sqs.queueUrl),
      deadLetterDepthAfter: await queueDepth(sqs, app.sqs.deadLetterQueueUrl),
    });
    const grants = (type: string) => simulator.tokenRequests.filter((request) => request.grantType === type).length;
    const injected = proxy.injected;
    return printReport({
      verdict,
      timeline: schedule.timeline,
      errors: logs.errors,
      warnings: logs.warnings,
      extra: [
        [
          'SQS sends failed by the proxy (500 / reset / queued+500)',
          `${injected['answer-500']} / ${injected.reset} / ${injected['queue-then-500']}`,
        ],
        [
          'Plane API 429 / 5xx seen by the processor',
          `${metrics.get('PlaneApiCall|Status=429')} / ${metrics.get('PlaneApiCall|Status=5xx')}`,
        ],
        ['Plane API calls (all)', metrics.get('PlaneApiCall')],
        ['token requests (bot grants / all)', `${grants('client_credentials')} / ${simulator.tokenRequests.length}`],
        ['handler crashes on poison (crash switch on)', crash.thrown],
        ['parked messages (incl. duplicate copies)', parkedCount],
        ['redriven (moved / failed)', `${moved.moved} / ${moved.failed}`],
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
