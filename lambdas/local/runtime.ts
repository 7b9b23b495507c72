import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/dynamo-client';
import { createDynamoInstallationStore } from '../adapters/dynamo-installation-store';
import { createEmfMetrics } from '../adapters/emf-metrics';
import { redrive } from '../adapters/sqs-redrive';
import { createExampleApp } from '../app';
import { type EventTimings, localEventTimings } from '../core/event-timings';
import type { Logger } from '../core/logger';
import { METRICS_NAMESPACE } from '../core/metrics';
import { type AppSetup, declareSubscriptions } from '../core/router';
import type { EnvSource } from '../core/runtime-config';
import { formatSubscriptions } from '../core/subscriptions';
import { createIngestHandler } from '../handlers/ingest';
import { createOAuthHandler } from '../handlers/oauth';
import { createProcessorHandler } from '../handlers/processor';
import { createSweeperHandler } from '../handlers/sweeper';
import { createConsole } from './console-page';
import { createCsrf } from './csrf';
import { createEventTrail } from './event-trail';
import { createHealthRoute } from './health-route';
import { hostRefusal } from './host-guard';
import { createHttpAdapter, type HttpHandler } from './http-adapter';
import { tapBatches } from './inspector/batch-tap';
import { createEventRecorder, type EventRecorder } from './inspector/event-recorder';
import { tapIngest } from './inspector/ingest-tap';
import { createInspector } from './inspector/inspector-routes';
import { tapLog } from './inspector/log-tap';
import type { LocalSettings } from './local-settings';
import { closeServer, listen } from './net';
import { createPlaneSimulator, loadSnapshot, type PlaneSimulator, saveSnapshot } from './plane-simulator';
import { type S3StandIn, startS3 } from './s3-stand-in';
import { createSqsPoller, type PollerOptions, type SqsPoller } from './sqs-poller';
import {
  LOCAL_AWS,
  pointSdkAt,
  type SqsStandIn,
  type StandIn,
  startDynamo,
  startSecretsManager,
  startSqs,
} from './stand-ins';
import { startSweeperTimer } from './sweeper-timer';

const TABLE = 'plane-app-local';
const PAYLOAD_BUCKET = 'plane-app-local-payloads';
const WEBHOOK_SECRET_ID = 'local/webhook-secret';
const CLIENT_SECRET_ID = 'local/client-secret';

export interface LocalOptions {
  readonly settings: LocalSettings;
  readonly log: Logger;
  /** The app's handlers. Default: lambdas/app. */
  readonly setup?: AppSetup;
  /**
   * Seconds before a failed event is retried (the queue's visibility timeout). The processor's
   * timeout (40% of it) and dedup claim are derived from it (localEventTimings). Default 10: a
   * 4 s timeout leaves room for a few calls to a real Plane (PLANE_API_URL).
   */
  readonly retrySeconds?: number;
  /**
   * Seconds between sweeps of the webhooks kept while SQS refused them (every 60 on AWS). Default 10;
   * 0 runs no timer (call `sweep()`).
   */
  readonly sweepSeconds?: number;
  /** Processor invocations at once (concurrent receive/handle loops, as Lambda scales out). Default 1. */
  readonly concurrency?: number;
  /** Fault hook for `npm run soak`: drops an invocation's result (PollerOptions.abandon). Default: never. */
  readonly abandonInvocation?: PollerOptions['abandon'];
  /**
   * How long a bot grant's first refusal must stand before a second one marks the installation
   * `reinstall_needed`. Default REFUSAL_CONFIRM_MS (10 minutes, as on AWS); `npm run soak` shortens it.
   */
  readonly refusalConfirmMs?: number;
  /** Where the functions' EMF metric lines go. Default: nowhere (CloudWatch is not here). */
  readonly metricsSink?: (line: string) => void;
  /**
   * Gets the SQS stand-in's endpoint and returns the one the functions (ingest) send to, e.g. a
   * fault-injecting proxy in front of it (`npm run soak`). The poller keeps the real one. Default: the real one.
   */
  readonly functionsSqsEndpoint?: (endpoint: string) => string;
}

export interface LocalApp {
  readonly appUrl: string;
  readonly installUrl: string;
  /** The simulator's URL, or the real Plane's when PLANE_API_URL is set. */
  readonly planeUrl: string;
  readonly simulator?: PlaneSimulator;
  readonly sqs: SqsStandIn;
  /** The payload bucket on s3rver: large bodies, and the events the queue refused. */
  readonly s3: S3StandIn;
  readonly env: Readonly<Record<string, string>>;
  /** The processor's timeout, claim and the queue's visibility timeout in this run. */
  readonly timings: EventTimings;
  /** What the event inspector (`/events`) shows: every webhook received and the path it took. */
  readonly events: EventRecorder;
  /** Resolves once no webhook is in flight and the event queue is empty (rejects after `timeoutMs`). */
  idle(timeoutMs?: number): Promise<void>;
  /** Runs the sweeper once, as its schedule does on AWS: re-enqueues the webhooks kept while SQS refused. */
  sweep(): Promise<{ swept: number; failed: number }>;
  stop(): Promise<void>;
}

/**
 * Local mode: the real Lambda handlers behind a node:http adapter, SQS on local-aws-sqs with a
 * poller that behaves like the event-source mapping, DynamoDB on dynalite, secrets from a
 * Secrets Manager stand-in, and (unless PLANE_API_URL is set) the Plane simulator.
 */
export async function startLocal(options: LocalOptions): Promise<LocalApp> {
  const { settings } = options;
  // The inspector records every webhook: the functions' log lines reach it through this logger.
  const events = createEventRecorder();
  const log = tapLog(options.log, events);
  const stack: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stack.reverse()) await stop();
    stack.length = 0;
  };
  try {
    if (settings.dataDir) mkdirSync(settings.dataDir, { recursive: true });
    const dynamo: StandIn = await startDynamo({
      tableName: TABLE,
      path: settings.dataDir ? join(settings.dataDir, 'dynamodb') : undefined,
    });
    stack.push(() => dynamo.close());
    const retrySeconds = options.retrySeconds ?? 10;
    const timings = localEventTimings(retrySeconds);
    const sqs = await startSqs({ queueName: 'plane-app-events', visibilityTimeoutSeconds: retrySeconds });
    stack.push(() => sqs.close());
    const secrets = await startSecretsManager(
      new Map([
        [WEBHOOK_SECRET_ID, settings.webhookSecret],
        // As `npm run configure` stores it on AWS: the client id travels with the client secret.
        [CLIENT_SECRET_ID, JSON.stringify({ client_id: settings.clientId, client_secret: settings.clientSecret })],
      ]),
    );
    stack.push(() => secrets.close());
    const s3 = await startS3({
      bucket: PAYLOAD_BUCKET,
      directory: settings.dataDir ? join(settings.dataDir, 's3') : undefined,
    });
    stack.push(() => s3.close());
    const functionsSqs = options.functionsSqsEndpoint?.(sqs.endpoint) ?? sqs.endpoint;
    stack.push(
      pointSdkAt({
        sqs: functionsSqs,
        dynamodb: dynamo.endpoint,
        secretsManager: secrets.endpoint,
        s3: s3.endpoint,
      }),
    );

    // Routes are filled in once the port (and so the app's URL) is known.
    const live: {
      routes: Record<string, HttpHandler>;
      extra?: (request: IncomingMessage, response: ServerResponse) => boolean;
    } = { routes: {} };
    const server: Server = createHttpAdapter(() => live.routes, {
      extra: (request, response) => live.extra?.(request, response) ?? false,
      onError: (error) => log.error('handler crashed', { error: String(error) }),
      guard: (request) => hostRefusal(request, settings.host),
    });
    const port = await listen(server, settings.port, settings.host);
    stack.push(() => closeServer(server));
    const appUrl = `http://${settings.host}:${port}`;

    let simulator: PlaneSimulator | undefined;
    let planeUrl = settings.planeApiUrl ?? '';
    if (!settings.planeApiUrl) {
      const snapshot = settings.dataDir ? join(settings.dataDir, 'plane-simulator.json') : undefined;
      simulator = createPlaneSimulator({
        initialData: snapshot ? loadSnapshot(snapshot) : undefined,
        log: (line) => log.info(`plane simulator: ${line}`),
        port: settings.simPort,
        host: settings.host,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        webhookSecret: settings.webhookSecret,
        webhookUrl: `${appUrl}/webhook`,
        redirectUris: [`${appUrl}/oauth/callback`],
        workspaceSlug: settings.workspaceSlug,
        apiKey: settings.apiKey,
        tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
        agentMentions: settings.agentRuns,
        appName: 'Plane App Kit',
      });
      await simulator.start();
      stack.push(async () => {
        // With --data, the simulated workspace is kept beside the app's table, so an installation
        // survives a restart on both sides (issued tokens do not: the app renews them on the 401).
        if (snapshot && simulator) saveSnapshot(snapshot, simulator.data);
        await simulator?.stop();
      });
      planeUrl = simulator.url;
    }

    // As the synth does for a stage: the app's subscriptions, read from its router, go to ingest.
    const setup = options.setup ?? createExampleApp({ agentRuns: settings.agentRuns });
    const subscriptions = declareSubscriptions(setup, { agentRuns: settings.agentRuns });
    const env: Record<string, string> = {
      STAGE: 'local',
      EVENT_SUBSCRIPTIONS: formatSubscriptions(subscriptions),
      QUEUE_URL: sqs.queueUrl.replace(sqs.endpoint, functionsSqs),
      TABLE_NAME: TABLE,
      PAYLOAD_BUCKET,
      WEBHOOK_SECRET_ARN: WEBHOOK_SECRET_ID,
      CLIENT_SECRET_ARN: CLIENT_SECRET_ID,
      PLANE_API_URL: planeUrl,
      PUBLIC_BASE_URL: appUrl,
      INSTALL_SUCCESS_URL: `${appUrl}/?installed={slug}`,
      PLANE_AGENT_RUNS: String(settings.agentRuns),
    };
    const handlerEnv: EnvSource = env;
    const metrics = createEmfMetrics({
      namespace: METRICS_NAMESPACE,
      stage: 'local',
      write: options.metricsSink ?? (() => undefined),
    });
    live.routes = {
      'POST /webhook': tapIngest(createIngestHandler(handlerEnv, { log, metrics }), events),
      'GET /oauth/setup': createOAuthHandler('setup', handlerEnv, { log, metrics }),
      'GET /oauth/callback': createOAuthHandler('callback', handlerEnv, { log, metrics }),
    };
    // The processor logs through the trail, so GET /local/health can say that an event reached it.
    const trail = createEventTrail(log);
    const processor = createProcessorHandler(handlerEnv, {
      setup,
      log: trail.log,
      metrics,
      claimMs: timings.claimMs,
      refusalConfirmMs: options.refusalConfirmMs,
    });
    const sqsClient = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
    const poller: SqsPoller = createSqsPoller({
      client: sqsClient,
      queueUrl: sqs.queueUrl,
      handler: tapBatches(processor, events),
      timeoutMs: timings.functionTimeoutMs,
      concurrency: options.concurrency,
      abandon: options.abandonInvocation,
      onError: (error) => log.error('processor invocation failed', { error: String(error) }),
    });
    poller.start();
    stack.push(async () => {
      await poller.stop();
      sqsClient.destroy();
    });
    const documents = createDocumentClient();
    stack.push(() => documents.destroy());
    const health = createHealthRoute({
      appUrl,
      planeUrl,
      clientId: settings.clientId,
      defaulted: settings.defaulted,
      subscriptions,
      trail,
      deadLetterDepth: async () => {
        const { Attributes } = await sqsClient.send(
          new GetQueueAttributesCommand({
            QueueUrl: sqs.deadLetterQueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      },
      installations: async () => (await createDynamoInstallationStore(documents, TABLE).listInstallations()).length,
    });
    // One CSRF session for the console and the inspector: both are pages of the app server.
    const csrf = createCsrf({ cookieName: 'plane_app_local_session' });
    const consolePage = createConsole({ appUrl, simulator, settings, csrf });
    const inspector = createInspector({
      recorder: events,
      csrf,
      webhookUrl: `${appUrl}/webhook`,
      redrive: () =>
        redrive({ sqs: sqsClient, queueUrl: sqs.queueUrl, deadLetterQueueUrl: sqs.deadLetterQueueUrl, dryRun: false }),
    });
    live.extra = (request, response) =>
      health(request, response) || consolePage(request, response) || inspector(request, response);
    const sweeper = startSweeperTimer(
      createSweeperHandler(handlerEnv, { log, metrics }),
      options.sweepSeconds ?? 10,
      log,
    );
    stack.push(() => sweeper.stop());
    const idle = async (timeoutMs = 20_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      for (let quiet = 0; quiet < 3; ) {
        if (Date.now() > deadline) throw new Error(`local app still busy after ${timeoutMs} ms`);
        await simulator?.idle();
        const attributes = await sqsClient.send(
          new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        // local-aws-sqs counts in-flight messages here too, so 0 means nothing left to process.
        const busy = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) > 0 || poller.isBusy();
        quiet = busy ? 0 : quiet + 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    };
    return {
      appUrl,
      installUrl: `${appUrl}/oauth/setup`,
      planeUrl,
      simulator,
      sqs,
      s3,
      env,
      timings,
      events,
      idle,
      sweep: sweeper.run,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
