import * as path from 'node:path';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';
import { PROCESSOR_TIMINGS } from '../lambdas/core/event-timings';
import { DEFAULT_MAX_BODY_BYTES } from '../lambdas/core/limits';
import { AppSecrets } from './app-secrets';
import { AppTable } from './app-table';
import { EventQueues } from './event-queues';
import { Monitoring } from './monitoring';
import { PlaneFunction } from './plane-function';
import { PlaneHttpApi } from './plane-http-api';
import type { StageConfig } from './stage-config';

/** Properties of {@link PlaneAppStack}. */
export interface PlaneAppStackProps extends StackProps {
  /** The resolved settings of the stage (see `loadStageConfig`). */
  readonly config: StageConfig;
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
} as const;

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
  /** Event queue and dead-letter queue. */
  public readonly queues: EventQueues;
  /** The app's table. */
  public readonly table: AppTable;
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
    const fn = (fid: string, file: string, timeout: Duration, memorySize: number, description: string) =>
      new PlaneFunction(this, fid, {
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

    this.queues = new EventQueues(this, 'Events', {
      visibilityTimeout: Duration.millis(PROCESSOR_TIMINGS.visibilityTimeoutMs),
    });
    this.table = new AppTable(this, 'Data', { removalPolicy: dataPolicy });
    this.secrets = new AppSecrets(this, 'Secrets', { removalPolicy: dataPolicy });
    this.api = new PlaneHttpApi(this, 'Http', {
      apiName: id,
      ingestFunction: this.ingest.lambdaFunction,
      oauthSetupFunction: this.oauthSetup.lambdaFunction,
      oauthCallbackFunction: this.oauthCallback.lambdaFunction,
      throttle: config.throttle,
      logRetention: config.logRetention,
      logRemovalPolicy: dataPolicy,
    });
    this.wire(config);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      httpApi: this.api.httpApi,
      ingestFunction: this.ingest.lambdaFunction,
      processorFunction: this.processor.lambdaFunction,
      queue: this.queues.queue,
      deadLetterQueue: this.queues.deadLetterQueue,
      alarmEmail: config.alarmEmail,
      signatureRejectionThreshold: config.signatureRejectionThreshold,
      silenceHours: config.silenceHours,
    });
    this.outputs(config.stage);
  }

  /** Environment and grants, function by function: each gets exactly what it uses. */
  private wire(config: StageConfig): void {
    const ingest = this.ingest.lambdaFunction;
    this.queues.addProducer(ingest);
    this.secrets.addWebhookSecretReader(ingest);
    ingest.addEnvironment(Env.MaxBodyBytes, String(DEFAULT_MAX_BODY_BYTES));

    const processor = this.processor.lambdaFunction;
    this.queues.addConsumer(processor);
    this.table.addReadWriter(processor);
    this.secrets.addClientSecretReader(processor);
    processor.addEnvironment(Env.AgentRuns, String(config.agentRuns));
    // To hide a record Plane rate-limited until its Retry-After (ChangeMessageVisibility is part
    // of the consume grant the event source already gives).
    processor.addEnvironment(Env.QueueUrl, this.queues.queue.queueUrl);

    const setup = this.oauthSetup.lambdaFunction;
    this.table.addWriter(setup); // it only stores OAuth states

    const callback = this.oauthCallback.lambdaFunction;
    this.table.addReadWriter(callback);
    this.secrets.addClientSecretReader(callback);
    if (config.installSuccessUrl) callback.addEnvironment(Env.SuccessUrl, config.installSuccessUrl);
    callback.addEnvironment(Env.PlaneWebUrl, config.planeWebUrl);

    for (const fn of [processor, setup, callback]) {
      fn.addEnvironment(Env.PlaneApiUrl, config.planeApiUrl);
      // Left out while empty, so the functions fail loudly ("PLANE_CLIENT_ID is not set").
      if (config.planeClientId) fn.addEnvironment(Env.PlaneClientId, config.planeClientId);
    }
    if (config.scopes) setup.addEnvironment(Env.PlaneScopes, config.scopes);
    for (const fn of [setup, callback]) fn.addEnvironment(Env.PublicBaseUrl, this.api.baseUrl);

    if (!config.planeClientId) {
      Annotations.of(this).addWarningV2(
        'plane-app:missingClientId',
        `planeClientId is empty for stage "${config.stage}": the OAuth functions cannot install the app. ` +
          `Register the app in Plane (Redirect URI and Webhook URL are stack outputs), then set ` +
          `context.stages.${config.stage}.planeClientId in cdk.json or deploy with -c planeClientId=<client id>.`,
      );
    }
  }

  private outputs(stage: string): void {
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('WebhookUrl', this.api.webhookUrl, "Webhook URL to enter in the Plane app's settings");
    out('SetupUrl', this.api.setupUrl, 'Open to install the app into a Plane workspace');
    out('RedirectUri', this.api.redirectUri, "Redirect URI to enter in the Plane app's settings");
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
    out('AlarmTopicArn', this.monitoring.alarmTopic.topicArn, 'SNS topic of the alarms');
  }
}
