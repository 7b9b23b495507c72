import { createExampleApp } from '../../lambdas/app';
import { signBody } from '../../lambdas/core/signature';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { type PlaneSimulator, pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { createBrowser } from '../helpers/browser';

// The example agent in local mode with App Mentions on: Plane's webhooks for one mention, as the
// simulator sends them, through ingest, SQS and the processor, answered against the simulator.

let app: LocalApp;
let logs: string[];

beforeAll(async () => {
  logs = [];
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0', PLANE_AGENT_RUNS: 'true' }, {}),
    setup: createExampleApp({ agentRuns: true }),
    // Nothing here waits for a retry; a short delay would make a slow, shared machine's first
    // attempt overrun its visibility timeout and run the handler twice (two thoughts).
    retrySeconds: 5,
    // DEBUG: the agent's own lines (which prompt it answered) are details, below the one INFO line per event.
    log: createPrettyLogger({ level: 'debug', colour: false, write: (line) => logs.push(line) }),
  });
  const browser = createBrowser();
  const consent = await browser.get(app.installUrl);
  const { action, fields } = browser.form(consent, 'approve');
  await browser.post(action, fields);
}, 30_000);

afterAll(async () => {
  await app.stop();
});

const sim = (): PlaneSimulator => {
  if (!app.simulator) throw new Error('local mode started without the simulator');
  return app.simulator;
};

/** Mentions the bot on a fresh work item, through the REST API as Plane's user; waits for the app to be done. */
async function mention(text: string) {
  const item = sim().createWorkItem({ name: `Asked: ${text}` });
  const comment = sim().createComment(item.id, `<p>${sim().mentionHtml()} ${text}</p>`);
  await app.idle();
  const run = sim()
    .agentRuns()
    .find((candidate) => candidate.comment === comment.id);
  if (!run) throw new Error('the mention opened no run');
  return { item, comment, run };
}

const activitiesOf = (runId: string) => sim().agentActivities(runId);
const typesOf = (runId: string) => activitiesOf(runId).map((activity) => activity.type);
const responsesOf = (runId: string) => activitiesOf(runId).filter((activity) => activity.type === 'response');
const botComments = (itemId: string) =>
  sim().data.comments.filter((comment) => comment.issue === itemId && comment.actor === sim().botUser()?.id);

test.each(['create-first', 'prompt-first'] as const)(
  'one mention, webhooks %s: exactly one response, and no bot comment but its reply',
  async (order) => {
    sim().setAgentWebhookOrder(order);
    const { item, comment, run } = await mention('help');
    expect(typesOf(run.id)).toEqual(['prompt', 'thought', 'response']);
    expect(botComments(item.id)).toMatchObject([{ parent: comment.id, id: responsesOf(run.id)[0].comment }]);
    expect(
      sim()
        .agentRuns()
        .find((candidate) => candidate.id === run.id)?.status,
    ).toBe('in_progress');
  },
);

test('the prompt webhook delivered again, byte for byte and then bare, still gives one response', async () => {
  const { run } = await mention('priority high');
  const delivery = sim()
    .deliveries.filter((entry) => entry.event === 'agent_run_user_prompt')
    .at(-1);
  if (!delivery) throw new Error('no prompt delivery recorded');
  const bare = pythonJsonDumps(JSON.parse(delivery.body).data);
  const again: Array<{ headers: Record<string, string>; body: string }> = [
    { headers: { ...delivery.headers, 'X-Plane-Delivery': 'a-new-delivery-id' }, body: delivery.body },
    {
      headers: {
        'Content-Type': 'application/json',
        'X-Plane-Event': 'agent_run_user_prompt',
        'X-Plane-Signature': signBody(bare, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET),
      },
      body: bare,
    },
  ];
  for (const request of again) {
    const response = await fetch(`${app.appUrl}/webhook`, { method: 'POST', ...request });
    expect(response.status).toBe(200);
  }
  await app.idle();
  expect(responsesOf(run.id)).toHaveLength(1);
  expect(logs.join('\n')).toMatch(new RegExp(`agent prompt answered .*runId=${run.id}.*outcome=answered`));
});

test('a reply in the thread is a follow-up prompt: exactly one more response', async () => {
  const { comment, run } = await mention('help');
  sim().replyInThread(comment.id, '<p>summary</p>');
  await app.idle();
  expect(typesOf(run.id)).toEqual(['prompt', 'thought', 'response', 'prompt', 'thought', 'response']);
  expect(responsesOf(run.id)[1].content.body).toMatch(/^Summary of &#34;Asked: help&#34;/);
});

test('Stop gives one confirmation and nothing more, and the run ends stopped', async () => {
  const { run } = await mention('help');
  sim().stopAgentRun(run.id);
  await app.idle();
  expect(typesOf(run.id)).toEqual(['prompt', 'thought', 'response', 'prompt', 'response']);
  expect(responsesOf(run.id)[1].content.body).toBe('Stopped.');
  expect(
    sim()
      .agentRuns()
      .find((candidate) => candidate.id === run.id),
  ).toMatchObject({
    status: 'stopped',
    stopped_by: sim().data.human.id,
  });
});

test('"assign me" assigns the person who asked (the run’s created_by is null, as Plane leaves it)', async () => {
  const { item, run } = await mention('assign me');
  expect(run.created_by).toBeNull();
  expect(sim().data.workItems.find((candidate) => candidate.id === item.id)?.assignees).toEqual([sim().data.human.id]);
});

test('a 502 after Plane saved the response: it is found, not posted again: exactly one response', async () => {
  sim().setFaults({ agentResponse502: 1 });
  const { item, run } = await mention('help');
  expect(responsesOf(run.id)).toHaveLength(1);
  expect(botComments(item.id)).toHaveLength(1);
  expect(logs.join('\n')).toMatch(new RegExp(`POST /api/v1/workspaces/acme/runs/${run.id}/activities/ -> 502`));
  sim().setFaults({});
});
