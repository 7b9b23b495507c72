import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import dynalite from 'dynalite';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { createExampleApp } from '../../lambdas/app';
import { createProcessorHandler } from '../../lambdas/handlers/processor';
import { closeServer, listen } from '../../lambdas/local/net';
import { createTable, startSecretsManager } from '../../lambdas/local/stand-ins';
import { useLocalAws } from '../../test/helpers/aws-env';
import { approveInstall, SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulator } from '../../test/helpers/sim-harness';
import { FUNCTION_ENV } from './bundles';
import { EVENT_KINDS, type EventKind, kindBodies } from './event-kinds';
import { type MentionTarget, mentionCommentBody, queuedRecord } from './signed-events';
import { mean, nowMs, percentile, progress, round } from './stats';
import { captureStdout } from './stdout-capture';

const BATCH = 10;
const MEASURED_BATCHES = 60;
/** Batches per other kind of event (section 6's cases): fewer, they only feed the cost. */
const KIND_BATCHES = 15;
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:plane-app-events';

/** The processor's figures per queued event of one kind. */
export interface ProcessorKindFigures {
  readonly msPerEvent: number;
  readonly logBytesPerEvent: number;
  readonly dynamoWritesPerEvent: number;
  readonly dynamoReadsPerEvent: number;
  readonly failedRecords: number;
}

export interface ProcessorResults {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly msPerEvent: number;
  readonly batchP50Ms: number;
  readonly batchP99Ms: number;
  /** DynamoDB requests by operation during the first (cold) batch, and per event afterwards. */
  readonly dynamoColdBatch: Record<string, number>;
  readonly dynamoPerEvent: Record<string, number>;
  readonly getItemPerEvent: number;
  /** Requests to the simulator's /auth/o/token/ during the cold batch and during the measured batches. */
  readonly tokenRequestsCold: number;
  readonly tokenRequestsMeasured: number;
  /** Mentions sent (cold batch included) and the bot replies the simulator recorded: one each. */
  readonly mentions: number;
  readonly replies: number;
  readonly failedRecords: number;
  readonly logBytesPerEvent: number;
  readonly logLinesPerEvent: number;
  /** The last lines the processor wrote (evidence for the log-size figures). */
  readonly sampleLines: string[];
  /** Every kind of event of the cost cases (`comment.mention` is the run above). */
  readonly byKind: Readonly<Record<EventKind, ProcessorKindFigures>>;
}

/** dynalite with a counter of the operations it is asked for (by X-Amz-Target). */
async function startCountingDynamo(tableName: string) {
  const counts = new Map<string, number>();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.prependListener('request', (request: IncomingMessage) => {
    const operation =
      String(request.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
  });
  const endpoint = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint,
  });
  await createTable(client, tableName);
  client.destroy();
  return {
    endpoint,
    snapshot: (): Record<string, number> => Object.fromEntries(counts),
    close: () => closeServer(server),
  };
}

/** A Lambda context like the real one, so Powertools adds the function fields it adds on AWS to each line. */
function lambdaContext(): Context {
  const name = 'PlaneApp-prod-ProcessorFunction4B2DA1C7-Xy3kPq9RtZ1m';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const writesIn = (counts: Record<string, number>) =>
  (counts.PutItem ?? 0) + (counts.UpdateItem ?? 0) + (counts.DeleteItem ?? 0);

const difference = (after: Record<string, number>, before: Record<string, number>, per = 1): Record<string, number> =>
  Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, round((count - (before[name] ?? 0)) / per, 3)])
      .filter(([, count]) => count !== 0),
  );

/**
 * Section 3: the processor handler with the example app against the Plane simulator, on batches
 * of 10 `issue_comment.created` events that ask the bot for `help` (one Plane call each).
 */
export async function benchProcessor(): Promise<ProcessorResults> {
  const table = 'plane-app-bench';
  const dynamo = await startCountingDynamo(table);
  const secrets = await startSecretsManager(new Map([[FUNCTION_ENV.CLIENT_SECRET_ARN, SIM_CLIENT_SECRET]]));
  const sim = await startSimulator({ oauthRateLimitPerHour: 1_000_000 });
  const restore = useLocalAws({ dynamodb: dynamo.endpoint, secretsManager: secrets.endpoint });
  const documents = createDocumentClient();
  try {
    const installationId = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const bot = sim.botUser();
    if (!bot) throw new Error('the simulator has no bot user after the install');
    const now = Date.now();
    // Stored without a token, as if the token had run out: the first event fetches one.
    await createDynamoInstallationStore(documents, table).putInstallation({
      workspaceId: sim.data.workspace.id,
      workspaceSlug: sim.data.workspace.slug,
      installationId,
      botUserId: bot.id,
      status: 'installed',
      createdAt: now,
      updatedAt: now,
    });
    const item = sim.data.workItems[0];
    const target: MentionTarget = {
      workspaceId: sim.data.workspace.id,
      projectId: item.project,
      workItemId: item.id,
      mentionHtml: sim.mentionHtml(),
    };
    const env = { ...FUNCTION_ENV, TABLE_NAME: table, PLANE_CLIENT_ID: SIM_CLIENT_ID, PLANE_API_URL: sim.url };
    const handler = createProcessorHandler(env, { setup: createExampleApp({ agentRuns: false }) });
    let sequence = 0;
    let failedRecords = 0;
    const batch = (body: (sequence: number) => string = (n) => mentionCommentBody(target, n)): SQSEvent => ({
      Records: Array.from({ length: BATCH }, () => {
        sequence += 1;
        return queuedRecord(body(sequence), QUEUE_ARN);
      }),
    });
    const run = async (event: SQSEvent) => {
      failedRecords += (await handler(event, lambdaContext())).batchItemFailures.length;
    };

    const capture = captureStdout();
    try {
      const cold = { dynamo: dynamo.snapshot(), tokens: sim.tokenRequests.length };
      await run(batch());
      const warm = { dynamo: dynamo.snapshot(), tokens: sim.tokenRequests.length, output: { ...capture.output } };
      const batches = Array.from({ length: MEASURED_BATCHES }, () => batch());
      progress(`processor: 1 cold batch, then ${MEASURED_BATCHES} batches of ${BATCH}`);
      const durations: number[] = [];
      const startedAt = nowMs();
      for (const event of batches) {
        const batchStart = nowMs();
        await run(event);
        durations.push(nowMs() - batchStart);
      }
      const seconds = (nowMs() - startedAt) / 1000;
      const events = MEASURED_BATCHES * BATCH;
      const perEvent = difference(dynamo.snapshot(), warm.dynamo, events);
      const logBytesPerEvent = round((capture.output.bytes - warm.output.bytes) / events, 1);
      const logLinesPerEvent = round((capture.output.lines - warm.output.lines) / events, 2);
      const sampleLines = [...capture.output.recent];
      const mentionFigures: ProcessorKindFigures = {
        msPerEvent: round(mean(durations) / BATCH, 3),
        logBytesPerEvent,
        dynamoWritesPerEvent: writesIn(perEvent),
        dynamoReadsPerEvent: perEvent.GetItem ?? 0,
        failedRecords,
      };
      const tokenRequestsMeasured = sim.tokenRequests.length - warm.tokens;
      const replies = sim.data.comments.filter((comment) => comment.actor === bot.id).length;
      const byKind: Partial<Record<EventKind, ProcessorKindFigures>> = { 'comment.mention': mentionFigures };
      for (const kind of EVENT_KINDS.filter((name) => name !== 'comment.mention')) {
        progress(`processor by kind: ${kind}, ${KIND_BATCHES} batches of ${BATCH}`);
        const before = { dynamo: dynamo.snapshot(), bytes: capture.output.bytes, failed: failedRecords };
        const bodies = kindBodies(kind, target);
        const times: number[] = [];
        for (let i = 0; i < KIND_BATCHES; i += 1) {
          const event = batch(bodies);
          const batchStart = nowMs();
          await run(event);
          times.push(nowMs() - batchStart);
        }
        const counts = difference(dynamo.snapshot(), before.dynamo, KIND_BATCHES * BATCH);
        byKind[kind] = {
          msPerEvent: round(mean(times) / BATCH, 3),
          logBytesPerEvent: round((capture.output.bytes - before.bytes) / (KIND_BATCHES * BATCH), 1),
          dynamoWritesPerEvent: writesIn(counts),
          dynamoReadsPerEvent: counts.GetItem ?? 0,
          failedRecords: failedRecords - before.failed,
        };
      }
      return {
        events,
        eventsPerSecond: round(events / seconds, 0),
        msPerEvent: round(mean(durations) / BATCH, 3),
        batchP50Ms: round(percentile(durations, 50), 2),
        batchP99Ms: round(percentile(durations, 99), 2),
        dynamoColdBatch: difference(warm.dynamo, cold.dynamo),
        dynamoPerEvent: perEvent,
        getItemPerEvent: perEvent.GetItem ?? 0,
        tokenRequestsCold: warm.tokens - cold.tokens,
        tokenRequestsMeasured,
        mentions: (MEASURED_BATCHES + 1) * BATCH,
        replies,
        failedRecords: mentionFigures.failedRecords,
        logBytesPerEvent,
        logLinesPerEvent,
        sampleLines,
        byKind: byKind as Record<EventKind, ProcessorKindFigures>,
      };
    } finally {
      capture.stop();
    }
  } finally {
    documents.destroy();
    restore();
    await sim.stop();
    await Promise.all([dynamo.close(), secrets.close()]);
  }
}
