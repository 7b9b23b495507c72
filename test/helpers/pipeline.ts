import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import type { Installation, InstallationStore } from '../../lambdas/core/installation';
import { silentLogger } from '../../lambdas/core/logger';
import type { Clock } from '../../lambdas/core/ports';
import type { AppSetup } from '../../lambdas/core/router';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { createProcessorHandler } from '../../lambdas/handlers/processor';
import { type S3StandIn, startS3 } from '../../lambdas/local/s3-stand-in';
import { createSqsPoller } from '../../lambdas/local/sqs-poller';
import { LOCAL_AWS, type SqsStandIn, startDynamo, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from './api-gateway';
import { useLocalAws } from './aws-env';
import { lowerCase, planeHeaders, pythonJson } from './webhooks';

const WEBHOOK_SECRET = 'whsec-pipeline-0123456789';
const CLIENT_SECRET = 'client-secret-pipeline-0123456789';
const WEBHOOK_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook';
const CLIENT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:client';

export interface Pipeline {
  readonly sqs: SqsStandIn;
  /** The payload bucket (claim checks, and the events the queue refused). */
  readonly s3: S3StandIn;
  readonly store: InstallationStore;
  readonly sqsClient: SQSClient;
  readonly env: Record<string, string>;
  ingest: ReturnType<typeof createIngestHandler>;
  /** Signs `envelope` as Plane does and hands it to ingest; resolves with the body once ingest answered 200. */
  deliver(envelope: Record<string, unknown>): Promise<string>;
  /** A processor handler with the given app, wrapped to record each batch response. */
  processor(setup: AppSetup, options?: ProcessorOptions): (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Polls batches until the queue is empty; returns the batch responses. */
  drain(setup: AppSetup, options?: ProcessorOptions & { maxBatches?: number }): Promise<SQSBatchResponse[]>;
  depth(queueUrl: string): Promise<number>;
  close(): Promise<void>;
}

interface ProcessorOptions {
  /** Default: a closed port, for apps that never call Plane. */
  readonly planeApiUrl?: string;
  /**
   * The processor's clock (token expiry, claims, refusal windows). Default: the system clock. The
   * batch deadline stays on the system clock, so a clock ahead of it leaves no time for Plane calls.
   */
  readonly clock?: Clock;
  /** `stdout`: the function's own logger (Powertools), as on Lambda. Default: silent. */
  readonly logs?: 'stdout';
  /** Settings added to the function's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export function installation(overrides: Partial<Installation> = {}): Installation {
  const now = Date.now();
  return {
    workspaceId: 'ws-1',
    workspaceSlug: 'acme',
    installationId: 'inst-1',
    botUserId: 'bot-1',
    status: 'installed',
    botToken: { accessToken: 'pln_bot_fresh_token_000000000', expiresAt: now + 3_600_000, renewAt: now + 3_000_000 },
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** The webhook pipeline on local stand-ins: ingest → local-aws-sqs (+ s3rver) → poller → processor → dynalite. */
export async function startPipeline(): Promise<Pipeline> {
  const table = `plane-app-${Math.random().toString(36).slice(2, 8)}`;
  const [dynamo, sqs, secrets, s3] = await Promise.all([
    startDynamo({ tableName: table }),
    startSqs({ queueName: 'events', visibilityTimeoutSeconds: 30 }),
    startSecretsManager(
      new Map([
        [WEBHOOK_ARN, WEBHOOK_SECRET],
        [CLIENT_ARN, CLIENT_SECRET],
      ]),
    ),
    startS3({ bucket: `${table}-payloads` }),
  ]);
  const restore = useLocalAws({
    sqs: sqs.endpoint,
    dynamodb: dynamo.endpoint,
    secretsManager: secrets.endpoint,
    s3: s3.endpoint,
  });
  const env = {
    QUEUE_URL: sqs.queueUrl,
    WEBHOOK_SECRET_ARN: WEBHOOK_ARN,
    CLIENT_SECRET_ARN: CLIENT_ARN,
    TABLE_NAME: table,
    PAYLOAD_BUCKET: s3.bucket,
    PLANE_CLIENT_ID: 'client-id',
    STAGE: 'test',
  };
  const documents = createDocumentClient();
  const ingest = createIngestHandler(env);
  const sqsClient = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
  let invocations = 0;
  const processor = (setup: AppSetup, options: ProcessorOptions = {}) => {
    const handler = createProcessorHandler(
      { ...env, PLANE_API_URL: options.planeApiUrl ?? 'http://127.0.0.1:9', ...options.env },
      {
        setup,
        claimMs: 5_000,
        ...(options.logs === 'stdout' ? {} : { log: silentLogger }),
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );
    return (event: SQSEvent) => {
      invocations += 1;
      // A request id, as Lambda's context has one: Powertools puts it on warnings and errors.
      const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: `request-${invocations}` };
      return handler(event, context);
    };
  };
  const depth = async (queueUrl: string): Promise<number> => {
    // local-aws-sqs counts in-flight messages in ApproximateNumberOfMessages too: it is the total here.
    const attributes = await sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  return {
    sqs,
    s3,
    depth,
    store: createDynamoInstallationStore(documents, table),
    sqsClient,
    env,
    ingest,
    async deliver(envelope) {
      const body = pythonJson(envelope);
      const result = await ingest(
        apiGatewayEvent({ path: '/webhook', headers: lowerCase(planeHeaders(body, WEBHOOK_SECRET)), body }),
      );
      if (result.statusCode !== 200) throw new Error(`ingest answered ${result.statusCode}: ${result.body}`);
      return body;
    },
    processor,
    async drain(setup, options = {}) {
      const handle = processor(setup, options);
      const responses: SQSBatchResponse[] = [];
      const poller = createSqsPoller({
        client: sqsClient,
        queueUrl: sqs.queueUrl,
        handler: async (event) => {
          const response = await handle(event);
          responses.push(response);
          return response;
        },
        visibilityTimeoutSeconds: 1,
      });
      // Like the event-source mapping: keep polling while messages (visible or in flight) remain.
      for (let batches = 0; batches < (options.maxBatches ?? 20); ) {
        if ((await poller.pollOnce(0)) > 0) batches += 1;
        else if ((await depth(sqs.queueUrl)) === 0) break;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return responses;
    },
    async close() {
      documents.destroy();
      sqsClient.destroy();
      restore();
      await Promise.all([dynamo.close(), sqs.close(), secrets.close(), s3.close()]);
    },
  };
}
