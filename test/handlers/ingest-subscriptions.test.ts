import { SQSClient } from '@aws-sdk/client-sqs';
import { formatSubscriptions } from '../../lambdas/core/subscriptions';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { LOCAL_AWS, type SqsStandIn, type StandIn, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { drainQueue } from '../helpers/queue-messages';
import { lowerCase, planeHeaders, pythonJson, v1Envelope } from '../helpers/webhooks';

const SECRET = 'whsec-subscriptions-0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook';

let sqs: SqsStandIn;
let secrets: StandIn;
let restore: () => void;
let client: SQSClient;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  sqs = await startSqs({ queueName: 'ingest-subscriptions-test' });
  secrets = await startSecretsManager(new Map([[SECRET_ARN, SECRET]]));
  restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint });
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
});

afterAll(async () => {
  client.destroy();
  restore();
  await Promise.all([sqs.close(), secrets.close()]);
});

beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

/** Ingest as the stack configures it, with the app's subscriptions when given. */
function ingest(subscriptions?: readonly string[], extra: Record<string, string> = {}) {
  return createIngestHandler({
    QUEUE_URL: sqs.queueUrl,
    WEBHOOK_SECRET_ARN: SECRET_ARN,
    PAYLOAD_BUCKET: 'unused-bucket',
    STAGE: 'test',
    ...(subscriptions ? { EVENT_SUBSCRIPTIONS: formatSubscriptions(subscriptions) } : {}),
    ...extra,
  });
}

/** Sends one signed webhook per `event.action` name; resolves with the statuses and the events queued. */
async function send(handler: ReturnType<typeof ingest>, names: readonly string[]) {
  const statuses: number[] = [];
  for (const name of names) {
    const [event, action] = name.split('.');
    const body = pythonJson(v1Envelope({ event, action }));
    const result = await handler(
      apiGatewayEvent({ path: '/webhook', headers: planeHeaders(body, SECRET, event), body }),
    );
    statuses.push(result.statusCode ?? 0);
  }
  const queued = await drainQueue(client, sqs.queueUrl);
  return { statuses, queued: queued.map((message) => JSON.parse(message.body) as { event: string; action: string }) };
}

const written = (): string[] =>
  stdout.mock.calls
    .map((call) => String(call[0]))
    .join('')
    .split('\n')
    .filter((line) => line.length > 0);

test('a subscribed event is queued; an unsubscribed one is answered 200 and not queued', async () => {
  const { statuses, queued } = await send(ingest(['issue_comment.created']), [
    'issue_comment.created',
    'issue.updated',
  ]);
  expect(statuses).toEqual([200, 200]);
  expect(queued.map((body) => `${body.event}.${body.action}`)).toEqual(['issue_comment.created']);
});

test('the resource name subscribes to every action of it', async () => {
  const { queued } = await send(ingest(['issue']), ['issue.created', 'issue.deleted', 'issue_comment.created']);
  expect(queued.map((body) => `${body.event}.${body.action}`)).toEqual(['issue.created', 'issue.deleted']);
});

test('onAny (*) queues every event', async () => {
  const names = ['issue.updated', 'cycle.created', 'issue_comment.deleted'];
  const { queued } = await send(ingest(['*']), names);
  expect(queued).toHaveLength(3);
});

test.each([
  ['issue.*', ['issue.created', 'issue.updated', 'issue.deleted']],
  ['*.deleted', ['issue.deleted', 'module.deleted']],
  ['issue_*', ['issue_comment.created']],
])('the wildcard %s queues exactly %j', async (pattern, expected) => {
  const names = ['issue.created', 'issue.updated', 'issue.deleted', 'issue_comment.created', 'module.deleted'];
  const { queued } = await send(ingest([pattern]), names);
  expect(queued.map((body) => `${body.event}.${body.action}`).sort()).toEqual([...expected].sort());
});

test('no subscriptions setting queues every verified webhook (the safe default)', async () => {
  const { queued } = await send(ingest(), ['issue.updated', 'project.created']);
  expect(queued).toHaveLength(2);
});

test('an app that subscribes to nothing queues nothing, and still answers 200', async () => {
  const { statuses, queued } = await send(ingest([]), ['issue.updated']);
  expect(statuses).toEqual([200]);
  expect(queued).toHaveLength(0);
});

test('an unsigned webhook for an unsubscribed event is still answered 401', async () => {
  const body = pythonJson(v1Envelope({ event: 'issue', action: 'updated' }));
  const headers = lowerCase(planeHeaders(body, SECRET));
  delete headers['x-plane-signature'];
  const result = await ingest(['issue_comment'])(apiGatewayEvent({ path: '/webhook', headers, body }));
  expect(result.statusCode).toBe(401);
});

test('a malformed subscriptions setting is a configuration error that names it', async () => {
  const result = await ingest(undefined, { EVENT_SUBSCRIPTIONS: 'issue,issue_comment' })(
    apiGatewayEvent({ path: '/webhook', body: '{}' }),
  );
  expect(result.statusCode).toBe(500);
  expect(String(result.body)).toContain('EVENT_SUBSCRIPTIONS must be a JSON array of event names');
});

test('one INFO line per webhook, queued or not: dedup key, event, and the fields of WebhookAccepted', async () => {
  await send(ingest(['issue_comment']), ['issue_comment.created']);
  const [queuedLine, ...moreQueued] = written();
  stdout.mockClear();
  await send(ingest(['issue_comment']), ['issue.updated']);
  const [droppedLine, ...moreDropped] = written();
  expect([moreQueued, moreDropped]).toEqual([[], []]);
  expect(JSON.parse(queuedLine)).toEqual({
    dedupKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    event: 'issue_comment.created',
    level: 'INFO',
    message: 'webhook queued',
    Stage: 'test',
    WebhookAccepted: 1,
  });
  expect(JSON.parse(droppedLine)).toEqual({
    dedupKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    event: 'issue.updated',
    level: 'INFO',
    message: 'webhook not subscribed',
    Stage: 'test',
    Reason: 'unsubscribed',
    WebhookAccepted: 1,
  });
});

test('at DEBUG the details follow on a line of their own, with the same dedup key and no secret', async () => {
  await send(ingest(['issue'], { POWERTOOLS_LOG_LEVEL: 'DEBUG' }), ['issue.created']);
  const lines = written().map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.map((line) => [line.level, line.message])).toEqual([
    ['DEBUG', 'webhook verified'],
    ['INFO', 'webhook queued'],
  ]);
  expect(lines[0]).toMatchObject({ workspaceId: 'ws-1', dedupKey: lines[1].dedupKey, bytes: expect.any(Number) });
  expect(written().join('\n')).not.toContain(SECRET);
});
