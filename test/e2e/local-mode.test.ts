import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { createExampleApp } from '../../lambdas/app';
import { escalate } from '../../lambdas/app/escalate';
import { timingProblems } from '../../lambdas/core/event-timings';
import type { AppSetup } from '../../lambdas/core/router';
import { signBody } from '../../lambdas/core/signature';
import { FIXTURES, withWorkspace } from '../../lambdas/local/fixtures';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { createBrowser } from '../helpers/browser';

const API_KEY = LOCAL_DEFAULTS.PLANE_SIM_API_KEY;
let app: LocalApp;
let logs: string[];
let handlesBefore: number;

const tcpHandles = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;

// The example agent, escalate (its replies are plain comments, which come back as echoes), and a
// handler that always fails on work items named "poison".
const setup: AppSetup = (plane, settings) => {
  escalate(plane, settings);
  createExampleApp({ agentRuns: true })(plane);
  plane.on('issue.created', (event) => {
    if (event.data.name === 'poison') throw new Error('poisoned on purpose');
  });
};

beforeAll(async () => {
  handlesBefore = tcpHandles();
  logs = [];
  const settings = resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {});
  app = await startLocal({
    settings,
    setup,
    retrySeconds: 5,
    // Four processor invocations at once, as Lambda scales out.
    concurrency: 4,
    log: createPrettyLogger({ colour: false, write: (line) => logs.push(line) }),
  });
}, 30_000);

afterAll(async () => {
  await app.stop();
});

const sim = () => {
  if (!app.simulator) throw new Error('local mode started without the simulator');
  return app.simulator;
};

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.planeUrl}/api/v1/workspaces/${sim().data.workspace.slug}${path}`, {
    method,
    headers: { 'X-API-Key': API_KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

const botComments = (workItemId: string) =>
  sim().data.comments.filter((comment) => comment.issue === workItemId && comment.actor === sim().botUser()?.id);

async function mention(workItemId: string, text: string): Promise<void> {
  const item = sim().data.workItems.find((candidate) => candidate.id === workItemId);
  await api('POST', `/projects/${item?.project}/work-items/${workItemId}/comments/`, {
    comment_html: `<p>${sim().mentionHtml()} ${text}</p>`,
  });
  await app.idle();
}

test('a new user installs the app through the consent form, following redirects and cookies', async () => {
  const browser = createBrowser();
  const consent = await browser.get(app.installUrl);
  expect(consent.status).toBe(200);
  const { action, fields } = browser.form(consent, 'approve');
  const done = await browser.post(action, fields);
  expect(done.status).toBe(200);
  expect(done.url).toMatch(/\/\?installed=acme$/);
  expect(done.text).toContain('Installed in workspace');
  expect(sim().installation()?.status).toBe('installed');
  expect(browser.visited.some((hop) => hop.includes('/oauth/callback?') && hop.includes('app_installation_id='))).toBe(
    true,
  );
});

test('mentioning the bot with "summary" gets a reply in the same thread, through an agent run', async () => {
  const item = sim().data.workItems[0];
  await mention(item.id, 'summary');
  const replies = botComments(item.id);
  expect(replies).toHaveLength(1);
  expect(replies[0].comment_stripped || replies[0].comment_html).toContain(`Summary of "${item.name}"`);
  const run = sim().agentRuns().at(-1);
  // A response leaves the run in progress: nothing in Plane ever completes a run.
  expect(run?.status).toBe('in_progress');
  const activities = sim()
    .data.agentActivities.filter((activity) => activity.agent_run === run?.id)
    .map((activity) => activity.type);
  expect(activities).toEqual(['prompt', 'thought', 'response']);
});

test("the bot's own comment comes back as a webhook and is dropped, so it never answers itself", async () => {
  const item = sim().data.workItems[1];
  sim().createComment(item.id, '<p>this is urgent</p>');
  await app.idle();
  expect(botComments(item.id).map((comment) => comment.comment_html)).toEqual([
    '<p>Raised the priority to urgent.</p>',
  ]);
  expect(logs.join('\n')).toMatch(/event skipped .*reason=echo/);
});

test('the same webhook body delivered twice yields one reply', async () => {
  const item = sim().data.workItems[2];
  await mention(item.id, 'priority low');
  const delivery = sim()
    .deliveries.filter((entry) => entry.event === 'agent_run_user_prompt')
    .at(-1);
  if (!delivery) throw new Error('no agent_run_user_prompt delivery recorded');
  const repeat = await fetch(`${app.appUrl}/webhook`, {
    method: 'POST',
    headers: { ...delivery.headers, 'X-Plane-Delivery': 'a-new-delivery-id' },
    body: delivery.body,
  });
  expect(repeat.status).toBe(200);
  await app.idle();
  expect(botComments(item.id)).toHaveLength(1);
  expect(sim().data.workItems[2].priority).toBe('low');
  expect(logs.join('\n')).toMatch(/event skipped .*reason=duplicate/);
});

test('a token that expires mid-run is renewed and the next mention is still answered', async () => {
  const grantsBefore = sim().tokenRequests.filter((request) => request.grantType === 'client_credentials').length;
  sim().expireAllTokens();
  const item = sim().data.workItems[0];
  await mention(item.id, 'assign me');
  expect(botComments(item.id)).toHaveLength(2);
  expect(sim().data.workItems[0].assignees).toContain(sim().data.human.id);
  expect(sim().tokenRequests.filter((request) => request.grantType === 'client_credentials').length).toBe(
    grantsBefore + 1,
  );
});

test('an event for a workspace that never installed the app is acknowledged and skipped', async () => {
  const body = pythonJsonDumps(withWorkspace(FIXTURES['issue-created'].body, '00000000-0000-4000-8000-000000000000'));
  const response = await fetch(`${app.appUrl}/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Plane-Event': 'issue',
      'X-Plane-Signature': signBody(body, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET),
    },
    body,
  });
  expect(response.status).toBe(200);
  await app.idle();
  expect(logs.join('\n')).toMatch(/event skipped .*reason=unknown_installation/);
});

test('a handler that throws on every attempt ' +
  'parks the event in the dead-letter queue after five receives', async () => {
  const project = sim().data.projects[0];
  await api('POST', `/projects/${project.id}/work-items/`, { name: 'poison' });
  await app.idle(50_000);
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: app.sqs.endpoint });
  const dlq = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: app.sqs.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  client.destroy();
  expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe('1');
  expect(
    logs.filter((line) => line.includes('event failed; it will be retried') && line.includes('poisoned on purpose')),
  ).toHaveLength(5);
}, 60_000);

test("local mode's processor timeout and claim keep the deployed relation within its 5 s retry delay", () => {
  expect([app.timings.visibilityTimeoutMs, timingProblems(app.timings)]).toEqual([5000, []]);
});

test('no token or secret reached a log line during the whole run', async () => {
  const documents = createDocumentClient();
  const stored = await createDynamoInstallationStore(documents, 'plane-app-local').getInstallation(
    sim().data.workspace.id,
  );
  documents.destroy();
  const token = stored?.botToken?.accessToken;
  expect(token).toMatch(/^\w{20,}$/);
  const all = logs.join('\n');
  for (const secret of [token as string, LOCAL_DEFAULTS.PLANE_CLIENT_SECRET, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET])
    expect(all).not.toContain(secret);
});

test('stopping local mode leaves no server or socket open', async () => {
  const other = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ write: () => undefined }),
  });
  expect(tcpHandles()).toBeGreaterThan(handlesBefore);
  await other.stop();
  await app.stop();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(tcpHandles()).toBeLessThanOrEqual(handlesBefore);
});
