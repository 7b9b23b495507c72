import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaFunctionTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';
import { PROCESSOR_TIMINGS } from '../lambdas/core/event-timings';
import { DEFAULT_MAX_BODY_BYTES } from '../lambdas/core/limits';
import { formatSubscriptions } from '../lambdas/core/subscriptions';
import { AppSecrets } from './app-secrets';
import { AppTable } from './app-table';
import { EventQueues } from './event-queues';
import { LineMetricFilters } from './line-metrics';
import { Monitoring } from './monitoring';
import { PayloadBucket } from './payload-bucket';
import { PlaneFunction } from './plane-function';
import { PlaneHttpApi } from './plane-http-api';
import type { StageConfig } from './stage-config';
import { WebhookPath } from './webhook-path';

/** Properties of {@link PlaneAppStack}. */
export interface PlaneAppStackProps extends StackProps {
  /** The resolved settings of the stage (see `loadStageConfig`). */
  readonly config: StageConfig;
  /**
   * The events the app's handlers are registered under (`app.subscriptions()`, read at synth by
   * bin/app.ts): ingest answers 200 to a verified webhook none of them matches, without queueing it.
   * Changing handlers therefore needs a deploy, which `cdk deploy` of the new code does anyway.
   * @default - not set: ingest queues every verified webhook, and the processor skips what no handler wants
   */
  readonly subscriptions?: readonly string[];
  /**
   * Folder holding the Lambda entry files (`ingest.ts`, `processor.ts`, `oauth-setup.ts`,
   * `oauth-callback.ts`).
   * @default lambdas/handlers of this repository
   */
  readonly handlersDir?: string;
}

/** Timeouts of the functions; the processor's comes with its claim and visibility timeout (event-timings.ts). */
export const FunctionTimeouts = {
  ingest: Duration.seconds(10),
  processor: Duration.millis(PROCESSOR_TIMINGS.functionTimeoutMs),
  oauth: Duration.seconds(15),
  sweeper: Duration.seconds(60),
} as const;

/** How long the queues keep a message; the payload bucket keeps its objects longer than both together. */
const QueueRetention = { events: Duration.days(4), deadLetter: Duration.days(14) } as const;

/**
 * One stage of a Plane app: webhook ingest → SQS → processor, the OAuth install flow, one
 * DynamoDB table, two secrets, and monitoring. Each function is granted exactly what it uses.
 */
export class PlaneAppStack extends Stack {
  /** Verifies webhooks and enqueues them. */
  public readonly ingest: PlaneFunction;
  /** Consumes the event queue and runs the app's handlers. */
  public readonly processor: PlaneFunction;
  /** Starts an installation (redirect to Plane's consent screen). */
  public readonly oauthSetup: PlaneFunction;
  /** Completes an installation (state check, token grant, store). */
  public readonly oauthCallback: PlaneFunction;
  /** Every minute, re-enqueues the webhooks ingest kept in the payload bucket while SQS refused them. */
  public readonly sweeper: PlaneFunction;
  /** The webhook route's random path. */
  public readonly webhookPath: WebhookPath;
  /** Event queue and dead-letter queue. */
  public readonly queues: EventQueues;
  /** The app's table. */
  public readonly table: AppTable;
  /** Large webhook bodies (claim checks) and the webhooks the queue refused. */
  public readonly payloads: PayloadBucket;
  /** Webhook and OAuth client secrets. */
  public readonly secrets: AppSecrets;
  /** The public HTTP API. */
  public readonly api: PlaneHttpApi;
  /** Alarms, alarm topic and dashboard. */
  public readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PlaneAppStackProps) {
    super(scope, id, { description: `Plane app (${props.config.stage})`, ...props });
    const config = props.config;
    const dataPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const handlersDir = props.handlersDir ?? path.join(__dirname, '..', 'lambdas', 'handlers');
    const fn = (fid: string, file: string, timeout: Duration, memorySize: number, description: string, split = false) =>
      new PlaneFunction(this, fid, {
        splitChunks: split,
        entry: path.join(handlersDir, file),
        stage: config.stage,
        timeout,
        memorySize,
        description,
        logRetention: config.logRetention,
        logRemovalPolicy: dataPolicy,
      });

    this.ingest = fn(
      'Ingest',
      'ingest.ts',
      FunctionTimeouts.ingest,
      config.memoryMb.ingest,
      'Verifies Plane webhooks and enqueues them',
      true, // the S3 client of its rare paths loads from a chunk of its own
    );
    this.processor = fn(
      'Processor',
      'processor.ts',
      FunctionTimeouts.processor,
      config.memoryMb.processor,
      'Processes queued Plane events',
    );
    this.oauthSetup = fn(
      'OAuthSetup',
      'oauth-setup.ts',
      FunctionTimeouts.oauth,
      config.memoryMb.oauth,
      'Starts a Plane app installation',
    );
    this.oauthCallback = fn(
      'OAuthCallback',
      'oauth-callback.ts',
      FunctionTimeouts.oauth,
      config.memoryMb.oauth,
      'Completes a Plane app installation',
    );
    this.sweeper = fn(
      'Sweeper',
      'sweeper.ts',
      FunctionTimeouts.sweeper,
      config.memoryMb.ingest,
      'Re-enqueues the Plane webhooks kept while SQS refused them',
    );
    // The schedule runs it again within a minute: Lambda's own retries of a failed run would only overlap.
    this.sweeper.lambdaFunction.configureAsyncInvoke({ retryAttempts: 0 });
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the sweeper every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunctionTarget(this.sweeper.lambdaFunction)],
    });

    this.queues = new EventQueues(this, 'Events', {
      visibilityTimeout: Duration.millis(PROCESSOR_TIMINGS.visibilityTimeoutMs),
      retentionPeriod: QueueRetention.events,
      deadLetterRetentionPeriod: QueueRetention.deadLetter,
    });
    this.table = new AppTable(this, 'Data', { removalPolicy: dataPolicy });
    // A claim check parked in the dead-letter queue for its full retention can still be redriven.
    const queueDays = QueueRetention.events.toDays() + QueueRetention.deadLetter.toDays();
    this.payloads = new PayloadBucket(this, 'Payloads', {
      expiration: Duration.days(queueDays + 12),
      removalPolicy: dataPolicy,
    });
    this.secrets = new AppSecrets(this, 'Secrets', { removalPolicy: dataPolicy });
    this.webhookPath = new WebhookPath(this, 'WebhookPath', {
      version: config.webhookPathVersion,
      logRetention: config.logRetention,
      logRemovalPolicy: dataPolicy,
    });
    this.api = new PlaneHttpApi(this, 'Http', {
      apiName: id,
      ingestFunction: this.ingest.lambdaFunction,
      webhookPath: this.webhookPath.path,
      oauthSetupFunction: this.oauthSetup.lambdaFunction,
      oauthCallbackFunction: this.oauthCallback.lambdaFunction,
      throttle: config.throttle,
      logRetention: config.logRetention,
      logRemovalPolicy: dataPolicy,
    });
    this.wire(config, props.subscriptions);
    // Ingest counts WebhookAccepted in its one line per webhook: these filters publish it.
    new LineMetricFilters(this, 'IngestLineMetrics', { logGroup: this.ingest.logGroup });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      httpApi: this.api.httpApi,
      ingestFunction: this.ingest.lambdaFunction,
      processorFunction: this.processor.lambdaFunction,
      sweeperFunction: this.sweeper.lambdaFunction,
      queue: this.queues.queue,
      deadLetterQueue: this.queues.deadLetterQueue,
      alarmEmail: config.alarmEmail,
      signatureRejectionThreshold: config.signatureRejectionThreshold,
      silenceHours: config.silenceHours,
    });
    this.outputs(config.stage, props.subscriptions);
  }

  /** Environment and grants, function by function: each gets exactly what it uses. */
  private wire(config: StageConfig, subscriptions: readonly string[] | undefined): void {
    const ingest = this.ingest.lambdaFunction;
    this.queues.addProducer(ingest);
    this.secrets.addWebhookSecretReader(ingest);
    ingest.addEnvironment(Env.MaxBodyBytes, String(DEFAULT_MAX_BODY_BYTES));
    if (subscriptions) ingest.addEnvironment(Env.Subscriptions, formatSubscriptions(subscriptions));
    this.payloads.addIngestWriter(ingest);

    const processor = this.processor.lambdaFunction;
    this.queues.addConsumer(processor);
    this.table.addReadWriter(processor);
    this.secrets.addClientSecretReader(processor);
    this.payloads.addClaimReader(processor);

    const sweeper = this.sweeper.lambdaFunction;
    this.queues.addProducer(sweeper);
    this.payloads.addSweeper(sweeper);
    processor.addEnvironment(Env.AgentRuns, String(config.agentRuns));
    // To hide a record Plane rate-limited until its Retry-After (ChangeMessageVisibility is part
    // of the consume grant the event source already gives).
    processor.addEnvironment(Env.QueueUrl, this.queues.queue.queueUrl);

    const setup = this.oauthSetup.lambdaFunction;
    this.table.addWriter(setup); // it only stores OAuth states
    // For the client id, which travels in the client secret (npm run configure); setup never uses the secret.
    this.secrets.addClientSecretReader(setup);

    const callback = this.oauthCallback.lambdaFunction;
    this.table.addReadWriter(callback);
    this.secrets.addClientSecretReader(callback);
    if (config.installSuccessUrl) callback.addEnvironment(Env.SuccessUrl, config.installSuccessUrl);
    callback.addEnvironment(Env.PlaneWebUrl, config.planeWebUrl);

    for (const fn of [processor, setup, callback]) {
      fn.addEnvironment(Env.PlaneApiUrl, config.planeApiUrl);
      // The client id normally travels inside the client secret (`npm run configure`); planeClientId
      // is the fallback for a secret stored as a plain string. Left out while empty.
      if (config.planeClientId) fn.addEnvironment(Env.PlaneClientId, config.planeClientId);
    }
    if (config.scopes) setup.addEnvironment(Env.PlaneScopes, config.scopes);
    for (const fn of [setup, callback]) fn.addEnvironment(Env.PublicBaseUrl, this.api.baseUrl);
  }

  private outputs(stage: string, subscriptions: readonly string[] | undefined): void {
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    // `cdk deploy` prints outputs sorted by id: the three URLs for Plane's "Build your own" form
    // sort first. Operator commands read them as SetupUrl, RedirectUri, WebhookUrl (bin/ops/stack-outputs.ts).
    out('AddToPlaneSetupUrl', this.api.setupUrl, 'Setup URL for the Plane app form; open it later to install the app');
    out('AddToPlaneRedirectUri', this.api.redirectUri, 'Redirect URI for the Plane app form');
    out(
      'AddToPlaneWebhookUrl',
      this.api.webhookUrl,
      'Webhook URL for the Plane app form (its last segment is random: raise webhookPathVersion to ' + 'rotate it)',
    );
    out(
      'DashboardUrl',
      `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}` +
        `#dashboards/dashboard/PlaneApp-${stage}`,
      'CloudWatch dashboard of this stage',
    );
    out('WebhookSecretArn', this.secrets.webhookSecret.secretArn, "Store the Plane app's webhook secret here");
    out('ClientSecretArn', this.secrets.clientSecret.secretArn, "Store the Plane app's client secret here");
    out('QueueUrl', this.queues.queue.queueUrl, 'Event queue');
    out('DeadLetterQueueUrl', this.queues.deadLetterQueue.queueUrl, 'Dead-letter queue (redrive from here)');
    out('TableName', this.table.table.tableName, 'DynamoDB table');
    out(
      'ProcessorLogGroupName',
      this.processor.logGroup.logGroupName,
      "Processor's log group (npm run doctor looks for its test webhook there)",
    );
    out('PayloadBucketName', this.payloads.bucket.bucketName, 'Large webhook bodies and webhooks the queue refused');
    out('AlarmTopicArn', this.monitoring.alarmTopic.topicArn, 'SNS topic of the alarms');
    if (subscriptions)
      out(
        'EventSubscriptions',
        formatSubscriptions(subscriptions),
        'Events the handlers subscribe to; ingest answers 200 to the others without queueing them ' +
          '(npm run doctor reads it)',
      );
  }
}
