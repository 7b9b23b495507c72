import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseEnvelope } from '../../lambdas/core/envelope';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { LOCAL_AWS, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { useLocalAws } from '../../test/helpers/aws-env';
import { FUNCTION_ENV } from './bundles';
import { EVENT_KINDS, type EventKind, kindBodies } from './event-kinds';
import { planeHeaders, webhookEvent } from './signed-events';
import { mean, nowMs, progress, round } from './stats';
import { captureStdout } from './stdout-capture';

const WARM_UP = 50;
const CALLS = 400;
const SECRET = 'whsec-bench-kinds-0123456789abcdef';
const WORKSPACE = 'd2d97c94-a6ad-4012-b526-5577c0d7c769';

/** Ingest's figures for one kind of webhook, per call. */
interface IngestKindFigures {
  readonly meanMs: number;
  readonly logBytes: number;
  readonly logLines: number;
  /** Share of the calls that put a message on the queue. */
  readonly enqueuedShare: number;
  readonly bodyBytes: number;
  /** The last lines ingest wrote for this kind (evidence for the log-size figures). */
  readonly sampleLines: string[];
}

export type IngestKindResults = Readonly<Record<EventKind, IngestKindFigures>>;

/**
 * Ingest as the stack configures it (`env` adds what the stack sets, e.g. the app's subscriptions),
 * one kind of webhook after another: 400 sequential calls each after 50 warm-up calls, against
 * local-aws-sqs and the Secrets Manager stand-in. The queue's depth tells what was enqueued.
 */
export async function benchIngestKinds(env: Readonly<Record<string, string>> = {}): Promise<IngestKindResults> {
  const sqs = await startSqs({ queueName: 'bench-kinds' });
  const secrets = await startSecretsManager(new Map([[FUNCTION_ENV.WEBHOOK_SECRET_ARN, SECRET]]));
  const restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint });
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
  const depth = async () => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  const capture = captureStdout();
  try {
    const handler = createIngestHandler({ ...FUNCTION_ENV, QUEUE_URL: sqs.queueUrl, ...env });
    const target = { workspaceId: WORKSPACE, projectId: 'project-bench', workItemId: 'item-bench', mentionHtml: '' };
    const results: Partial<Record<EventKind, IngestKindFigures>> = {};
    let sequence = 0;
    for (const kind of EVENT_KINDS) {
      progress(`ingest by kind: ${kind}, ${CALLS} calls`);
      const bodies = kindBodies(kind, target);
      const eventHeader = parseEnvelope(bodies(0)).event;
      const call = async () => {
        sequence += 1;
        const body = bodies(sequence);
        const event = webhookEvent({ body, headers: planeHeaders(body, SECRET, eventHeader) });
        const startedAt = nowMs();
        const result = await handler(event);
        if (result.statusCode !== 200) throw new Error(`ingest answered ${result.statusCode} to ${kind}`);
        return nowMs() - startedAt;
      };
      for (let i = 0; i < WARM_UP; i += 1) await call();
      const before = { ...capture.output, depth: await depth() };
      const durations: number[] = [];
      for (let i = 0; i < CALLS; i += 1) durations.push(await call());
      results[kind] = {
        meanMs: round(mean(durations), 3),
        logBytes: round((capture.output.bytes - before.bytes) / CALLS, 1),
        logLines: round((capture.output.lines - before.lines) / CALLS, 2),
        enqueuedShare: round(((await depth()) - before.depth) / CALLS, 3),
        bodyBytes: Buffer.byteLength(bodies(1)),
        sampleLines: capture.output.recent.slice(-2),
      };
    }
    return results as IngestKindResults;
  } finally {
    capture.stop();
    client.destroy();
    restore();
    await Promise.all([sqs.close(), secrets.close()]);
  }
}
