import type { SQSBatchResponse } from 'aws-lambda';
import { redrive } from '../../lambdas/adapters/sqs-redrive';
import { REFUSAL_CONFIRM_MS } from '../../lambdas/core/grant-refusals';
import type { AppSetup } from '../../lambdas/core/router';
import { createOAuthHandler } from '../../lambdas/handlers/oauth';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { type FakePlane, startFakePlane } from '../helpers/fake-plane';
import { installation, type Pipeline, startPipeline } from '../helpers/pipeline';
import { v1Envelope } from '../helpers/webhooks';

const CONFIRM_MS = REFUSAL_CONFIRM_MS;
const COMMENTS = '/api/v1/workspaces/acme/projects/project-1/work-items/item-1/comments/';

let pipeline: Pipeline;
let plane: FakePlane;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  [pipeline, plane] = await Promise.all([startPipeline(), startFakePlane()]);
});
afterAll(async () => {
  await Promise.all([pipeline.close(), plane.close()]);
});
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

const comments = () => plane.requests.filter((request) => request.path === COMMENTS).length;
const failures = (responses: SQSBatchResponse[]) => responses.map((r) => r.batchItemFailures.length);

/** The workspace's admin installs the app again: the consent flow's callback, against the fake Plane. */
async function reinstall(): Promise<number> {
  plane.on('POST /auth/o/token/', {
    body: { access_token: 'pln_bot_after_reinstall_000000', token_type: 'Bearer', expires_in: 36_000 },
  });
  plane.on('GET /auth/o/app-installation/', {
    body: [
      {
        id: 'inst-1',
        workspace: 'ws-1',
        workspace_detail: { name: 'Acme', slug: 'acme', id: 'ws-1', logo_url: null },
        status: 'installed',
        app_bot: 'bot-1',
      },
    ],
  });
  const env = { ...pipeline.env, PLANE_API_URL: plane.url, PUBLIC_BASE_URL: 'https://app.example.com' };
  const setup = await createOAuthHandler('setup', env)(apiGatewayEvent({ method: 'GET', path: '/oauth/setup' }));
  const state = new URL(String(setup.headers?.location)).searchParams.get('state') ?? '';
  const cookie = (setup.cookies ?? [])[0].split(';')[0];
  const done = await createOAuthHandler(
    'callback',
    env,
  )(
    apiGatewayEvent({
      method: 'GET',
      path: '/oauth/callback',
      query: new URLSearchParams({ app_installation_id: 'inst-1', code: 'c-1', state }).toString(),
      cookies: [cookie],
    }),
  );
  return done.statusCode ?? 0;
}

test('Plane refuses the bot grant twice, ten minutes apart: the event is parked in the dead-letter queue, ' +
  'and after a reinstall and a redrive it is processed', async () => {
  const now = Date.now();
  let ahead = 0;
  const clock = () => Date.now() + ahead;
  await pipeline.store.putInstallation(
    installation({ botToken: { accessToken: 'old-bot-token', expiresAt: now + 3_600_000, renewAt: now - 1 } }),
  );
  plane.on('POST /auth/o/token/', { status: 400, body: { error: 'invalid_grant' } });
  plane.on(`POST ${COMMENTS}`, { status: 201, body: { id: 'comment-1' } });
  const setup: AppSetup = (app) => {
    app.on('issue.created', async (_event, ctx) => {
      await ctx.plane.comments.create('project-1', 'item-1', { comment_html: '<p>seen</p>' });
    });
  };
  await pipeline.deliver(v1Envelope({ data: { id: 'item-1', name: 'Refused' } }));

  const first = await pipeline.drain(setup, { planeApiUrl: plane.url, clock, maxBatches: 1 });
  const afterFirst = (await pipeline.store.getInstallation('ws-1'))?.status;
  ahead = CONFIRM_MS + 60_000; // the event's next receives come more than the window later
  const rest = await pipeline.drain(setup, { planeApiUrl: plane.url, clock });
  expect([failures(first), afterFirst]).toEqual([[1], 'installed']);
  expect([failures(rest), (await pipeline.store.getInstallation('ws-1'))?.status]).toEqual([
    [1, 1, 1, 1],
    'reinstall_needed',
  ]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(1);
  expect(comments()).toBe(0);

  // The reinstall and the redrive happen now: the refusal window is over either way.
  ahead = 0;
  expect(await reinstall()).toBeLessThan(400);
  expect((await pipeline.store.getInstallation('ws-1'))?.status).toBe('installed');
  const moved = await redrive({
    sqs: pipeline.sqsClient,
    queueUrl: pipeline.sqs.queueUrl,
    deadLetterQueueUrl: pipeline.sqs.deadLetterQueueUrl,
    dryRun: false,
  });
  const after = await pipeline.drain(setup, { planeApiUrl: plane.url, clock });
  expect([moved.moved, failures(after), comments()]).toEqual([1, [0], 1]);
  expect(await pipeline.depth(pipeline.sqs.deadLetterQueueUrl)).toBe(0);
}, 60_000);
