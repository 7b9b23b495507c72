import { FIXTURES } from '../../lambdas/local/fixtures';
import type { PlaneSimulator, PlaneSimulatorOptions } from '../../lambdas/local/plane-simulator';
import { api, apiKeyAuth, bearer, installWithBotToken, SIM_CLIENT_ID, startSimulator } from '../helpers/sim-harness';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '../helpers/sim-receiver';

type Json = Record<string, unknown>;
const parse = (hook: ReceivedWebhook): Json => JSON.parse(hook.body.toString('utf8')) as Json;
/** Every key of a JSON value, as dotted paths in order: its shape without its values. */
const shapeOf = (value: unknown, path = ''): string[] =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.entries(value).flatMap(([key, inner]) => [`${path}${key}`, ...shapeOf(inner, `${path}${key}.`)])
    : [];
const eventOf = (hook: ReceivedWebhook) => hook.headers['x-plane-event'];

// Key orders of EE apps/api/plane/agents (plane-agents.md §1.3, §3, §4), verified there.
const RUN_KEYS = (
  'id deleted_at created_at updated_at stopped_at started_at ended_at external_link status ' +
  'error_metadata type created_by updated_by agent_user comment source_comment creator stopped_by ' +
  'issue workspace project'
).split(' ');
const CREATE_KEYS =
  'action agent_run agent_user_id app_client_id issue_id project_id workspace_id comment_id type'.split(' ');
const PROMPT_KEYS = (
  'action agent_run_activity agent_run agent_user_id app_client_id comment_id issue_id project_id ' +
  'workspace_id type'
).split(' ');
const ACTIVITY_KEYS = (
  'id deleted_at created_at updated_at content content_metadata ephemeral signal signal_metadata ' +
  'type created_by updated_by agent_run comment actor project workspace'
).split(' ');
const API_ACTIVITY_KEYS = (
  'id deleted_at agent_run workspace actor created_at updated_at content content_metadata ' +
  'ephemeral signal signal_metadata type created_by updated_by comment project'
).split(' ');

describe('Plane simulator agent runs', () => {
  let sim: PlaneSimulator;
  let receiver: WebhookReceiver;
  let botToken: string;
  let now: number;

  const start = async (overrides: Partial<PlaneSimulatorOptions> = {}): Promise<void> => {
    now = Date.UTC(2026, 0, 15, 10, 30);
    receiver = await startWebhookReceiver();
    sim = await startSimulator({
      webhookUrl: receiver.url,
      agentWebhookOrder: 'create-first',
      clock: () => now,
      ...overrides,
    });
    botToken = (await installWithBotToken(sim)).botToken;
  };
  afterEach(async () => {
    await sim.stop();
    await receiver.close();
  });

  /** Mentions the bot on the first work item; returns the comment and its run, once its webhooks are sent. */
  const mention = async (text = 'summary') => {
    const comment = sim.createComment(sim.data.workItems[0].id, `<p>${sim.mentionHtml()} ${text}</p>`);
    await sim.idle();
    const run = sim.agentRuns().at(-1);
    if (!run) throw new Error('no run');
    return { comment, run };
  };
  const runPath = (runId: string) => `/workspaces/acme/runs/${runId}/`;
  const post = (runId: string, body: unknown, auth = bearer(botToken)) =>
    api(sim, `${runPath(runId)}activities/`, auth, { method: 'POST', body });
  const reply = (type: string, body: string, extra: Json = {}) => ({ type, content: { type, body }, ...extra });
  const botComments = () => sim.data.comments.filter((comment) => comment.actor === sim.botUser()?.id);

  describe('a mention', () => {
    it('sends issue_comment, agent_run_create, agent_run_user_prompt; the agent ones wrapped', async () => {
      await start();
      const { comment, run } = await mention();
      expect(receiver.received.map(eventOf)).toEqual(['issue_comment', 'agent_run_create', 'agent_run_user_prompt']);
      for (const hook of receiver.received.slice(1)) {
        const body = parse(hook);
        expect(Object.keys(body)).toEqual(['event', 'action', 'webhook_id', 'workspace_id', 'data', 'activity']);
        expect([body.event, body.action]).toEqual([eventOf(hook), 'created']);
        expect(body.activity).toEqual(body.data);
        expect(hook.body.toString('utf8')).toContain('"type": "agent_run'); // Python json.dumps separators
      }
      const create = parse(receiver.received[1]).data as Json;
      expect(Object.keys(create)).toEqual(CREATE_KEYS);
      expect(create).toMatchObject({ action: 'created', app_client_id: SIM_CLIENT_ID, comment_id: comment.id });
      expect(Object.keys(create.agent_run as Json)).toEqual(RUN_KEYS);
      expect(create.agent_run).toMatchObject({ status: 'created', created_by: null, creator: sim.data.human.id });
      const prompt = parse(receiver.received[2]).data as Json;
      expect(Object.keys(prompt)).toEqual(PROMPT_KEYS);
      expect(Object.keys(prompt.agent_run_activity as Json)).toEqual(ACTIVITY_KEYS);
      // The fixtures npm run send-webhook sends have the same shape, key for key.
      expect(shapeOf(parse(receiver.received[1]))).toEqual(shapeOf(FIXTURES.agent_run_create.body));
      expect(shapeOf(parse(receiver.received[2]))).toEqual(shapeOf(FIXTURES.agent_run_user_prompt.body));
      expect(prompt).toMatchObject({
        action: 'prompted',
        comment_id: comment.id,
        type: 'agent_run_activity',
        agent_run: { id: run.id, status: 'in_progress', created_by: null, creator: sim.data.human.id },
        agent_run_activity: {
          type: 'prompt',
          content: { body: comment.comment_html, type: 'prompt' },
          ephemeral: false,
          signal: 'continue',
          actor: sim.data.human.id,
          comment: comment.id,
          created_by: null,
        },
      });
    });

    it('sends the prompt first when told to', async () => {
      await start({ agentWebhookOrder: 'prompt-first' });
      await mention();
      expect(receiver.received.map(eventOf)).toEqual(['issue_comment', 'agent_run_user_prompt', 'agent_run_create']);
    });

    it('starts no run when App Mentions are off', async () => {
      await start({ agentMentions: false });
      sim.createComment(sim.data.workItems[0].id, `<p>${sim.mentionHtml()} hi</p>`);
      await sim.idle();
      expect([sim.agentRuns().length, receiver.received.map(eventOf)]).toEqual([0, ['issue_comment']]);
    });

    it('starts no run for a comment that mentions no bot', async () => {
      await start();
      sim.createComment(sim.data.workItems[0].id, `<p>${sim.mentionHtml(sim.data.human)} hi</p>`);
      await sim.idle();
      expect([sim.agentRuns().length, receiver.received.map(eventOf)]).toEqual([0, ['issue_comment']]);
    });
  });

  describe('the thread', () => {
    it('a reply, with no mention, sends issue_comment and one more prompt whose comment_id is the reply', async () => {
      await start();
      const { comment, run } = await mention();
      const answer = sim.replyInThread(comment.id, '<p>and the labels?</p>');
      await sim.idle();
      const [issueComment, prompt] = receiver.received.slice(3).map(parse);
      expect([issueComment.event, (issueComment.data as Json).parent]).toEqual(['issue_comment', comment.id]);
      expect(prompt).toMatchObject({
        event: 'agent_run_user_prompt',
        data: { comment_id: answer.id, agent_run: { id: run.id }, agent_run_activity: { comment: answer.id } },
      });
      expect(receiver.received).toHaveLength(5);
    });

    it('a reply through the web app’s comment route does the same', async () => {
      await start();
      const { comment } = await mention();
      const item = sim.data.workItems[0];
      const path = `${sim.url}/api/workspaces/acme/projects/${item.project}/issues/${item.id}/comments/`;
      const response = await fetch(path, {
        method: 'POST',
        headers: { ...apiKeyAuth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ comment_html: '<p>more</p>', parent: comment.id }),
      });
      await sim.idle();
      expect([response.status, receiver.received.slice(3).map(eventOf)]).toEqual([
        201,
        ['issue_comment', 'agent_run_user_prompt'],
      ]);
    });

    it('Stop sends an ephemeral stop prompt with no comment; the next response stops the run', async () => {
      await start();
      const { run } = await mention();
      const stop = sim.stopAgentRun(run.id);
      await sim.idle();
      expect(parse(receiver.received[3]).data).toMatchObject({
        comment_id: null,
        agent_run: { status: 'stopping' },
        agent_run_activity: {
          id: stop.id,
          type: 'prompt',
          content: { body: 'Stopping', type: 'text' },
          signal: 'stop',
          ephemeral: true,
          comment: null,
          created_by: sim.data.human.id,
        },
      });
      now += 1000;
      expect((await post(run.id, reply('response', 'Stopped.'))).status).toBe(201);
      expect(sim.agentRuns()[0]).toMatchObject({ status: 'stopped', stopped_by: sim.data.human.id, ended_at: now });
    });

    it('Stop through the web app’s route answers 201 with the stop prompt', async () => {
      await start();
      const { run } = await mention();
      const response = await fetch(`${sim.url}/api/workspaces/acme/runs/${run.id}/stop/`, {
        method: 'POST',
        headers: apiKeyAuth,
      });
      expect([response.status, ((await response.json()) as Json).signal]).toEqual([201, 'stop']);
      expect(sim.agentRuns()[0].status).toBe('stopping');
    });

    it('a reply on a finished run reopens it', async () => {
      await start();
      const { comment, run } = await mention();
      await post(run.id, reply('error', 'Boom', { signal_metadata: { reason: 'x' } }));
      sim.replyInThread(comment.id, '<p>try again</p>');
      expect(sim.agentRuns()[0]).toMatchObject({ status: 'in_progress', ended_at: null, error_metadata: null });
    });
  });

  describe('the agent’s activities', () => {
    it('a response: run in progress, and the comment <p>{body}</p>, raw, in the thread, with no webhook', async () => {
      await start();
      const { comment, run } = await mention();
      const answer = await post(run.id, reply('response', 'Done: <b>bold</b> & co'));
      await sim.idle();
      expect(Object.keys(answer.json)).toEqual(API_ACTIVITY_KEYS);
      expect(botComments()).toMatchObject([
        { id: answer.json.comment, comment_html: '<p>Done: <b>bold</b> & co</p>', parent: comment.id },
      ]);
      expect(sim.agentRuns()[0].status).toBe('in_progress');
      expect(receiver.received).toHaveLength(3);
    });

    it('thought and error are ephemeral (no comment); error fails the run with its metadata', async () => {
      await start();
      const { run } = await mention();
      const thought = await post(run.id, reply('thought', 'Looking', { ephemeral: false }));
      expect([thought.json.ephemeral, sim.agentRuns()[0].status]).toEqual([true, 'in_progress']);
      now += 1000;
      await post(run.id, reply('error', 'Boom', { signal_metadata: { reason: 'quota' } }));
      expect(sim.agentRuns()[0]).toMatchObject({
        status: 'failed',
        ended_at: now,
        error_metadata: { reason: 'quota' },
      });
      expect(botComments()).toEqual([]);
    });

    it('an elicitation waits for the user and posts a comment; an ephemeral response posts none', async () => {
      await start();
      const { run } = await mention();
      await post(run.id, reply('elicitation', 'Which label?'));
      expect(sim.agentRuns()[0].status).toBe('awaiting');
      await post(run.id, reply('response', 'quiet', { ephemeral: true }));
      expect(botComments().map((comment) => comment.comment_html)).toEqual(['<p>Which label?</p>']);
    });

    it('posted with a user’s credentials: no comment, and the app gets it as agent_run_user_prompt', async () => {
      await start();
      const { run } = await mention();
      expect((await post(run.id, reply('response', 'from a user'), apiKeyAuth)).status).toBe(201);
      await sim.idle();
      expect([botComments().length, eventOf(receiver.received[3])]).toEqual([0, 'agent_run_user_prompt']);
    });

    it('a 502 fault answers 502 after the activity and its comment were saved', async () => {
      await start();
      const { run } = await mention();
      sim.setFaults({ agentResponse502: 1 });
      const failed = await fetch(`${sim.url}/api/v1${runPath(run.id)}activities/`, {
        method: 'POST',
        headers: { ...bearer(botToken), 'Content-Type': 'application/json' },
        body: JSON.stringify(reply('response', 'one')),
      });
      expect([failed.status, await failed.text()]).toEqual([502, '<html><body><h1>502 Bad Gateway</h1></body></html>']);
      expect((await post(run.id, reply('response', 'two'))).status).toBe(201);
      expect(botComments().map((comment) => comment.comment_html)).toEqual(['<p>one</p>', '<p>two</p>']);
    });
  });

  describe('activity validation', () => {
    const format = (type: string) => `Invalid content format. Must be like {type: '${type}', body: 'Hello, world!'}`;
    // The serializer's triple-quoted string, spacing and all (plane-agents.md §3).
    const indent = '\n                    ';
    const actionFormat =
      `${indent}Invalid content format. Must be like ${indent}` +
      `{type: 'action', action: 'create_comment', parameters: {comment: 'Hello, world!'}${indent}`;
    it.each<[string, unknown, Json]>([
      ['an unknown type', reply('bogus', 'x'), { type: ['"bogus" is not a valid choice.'] }],
      [
        'type prompt',
        { type: 'prompt', content: { type: 'x', body: 'y' } },
        {
          content: [format('prompt')],
          type: ['Prompt activity type is not allowed by the agent'],
        },
      ],
      [
        'content.type prompt',
        { type: 'response', content: { type: 'prompt', body: 'x' } },
        {
          content: ['Prompt content type is not allowed by the agent'],
        },
      ],
      [
        'content.type other than type',
        { type: 'response', content: { type: 'thought', body: 'x' } },
        {
          content: [format('response')],
        },
      ],
      ['an empty body', reply('response', ''), { content: [format('response')] }],
      ['no content.type', { type: 'response', content: { body: 'x' } }, { content: [format('None')] }],
      ['no content', { type: 'thought' }, { content: ['This field is required.'] }],
      ['null content', { type: 'thought', content: null }, { content: ['This field may not be null.'] }],
      [
        'action without parameters',
        { type: 'action', content: { type: 'action', action: 'search' } },
        {
          content: [actionFormat],
        },
      ],
      [
        'action with a non-string parameter',
        {
          type: 'action',
          content: { type: 'action', action: 'search', parameters: { limit: 5 } },
        },
        { content: [actionFormat] },
      ],
      ['an unknown signal', reply('thought', 'x', { signal: 'pause' }), { signal: ['"pause" is not a valid choice.'] }],
      [
        'auth_request without a URL',
        reply('elicitation', 'x', { signal: 'auth_request' }),
        {
          signal: ['URL is required for AUTH_REQUEST signal'],
        },
      ],
      [
        'auth_request over http',
        reply('elicitation', 'x', {
          signal: 'auth_request',
          signal_metadata: { url: 'http://example.com' },
        }),
        { signal: ['URL must start with https://'] },
      ],
    ])('rejects %s with 400 and Plane’s message', async (_case, body, expected) => {
      await start();
      const { run } = await mention();
      const answer = await post(run.id, body);
      expect([answer.status, answer.json]).toEqual([400, expected]);
      expect(sim.agentActivities(run.id)).toHaveLength(1);
    });

    it('accepts an action with string parameters', async () => {
      await start();
      const { run } = await mention();
      const action = { type: 'action', action: 'search', parameters: { q: 'x' } };
      expect((await post(run.id, { type: 'action', content: action })).status).toBe(201);
    });
  });

  describe('reading runs', () => {
    it('lists activities oldest first, 20 a page, as Plane’s paginator pages them', async () => {
      await start();
      const { run } = await mention();
      for (let i = 0; i < 24; i += 1) await post(run.id, reply('thought', `step ${i}`));
      const first = (await api(sim, `${runPath(run.id)}activities/`, bearer(botToken))).json;
      expect(first).toMatchObject({ count: 20, total_results: 25, next_page_results: true, prev_cursor: '20:-1:1' });
      expect((first.results as Json[])[0]).toMatchObject({ type: 'prompt' });
      const second = await api(sim, `${runPath(run.id)}activities/?per_page=20&cursor=20:1:0`, bearer(botToken));
      expect((second.json.results as Json[]).map((item) => (item.content as Json).body)).toEqual([
        'step 19',
        'step 20',
        'step 21',
        'step 22',
        'step 23',
      ]);
      const tooMany = await api(sim, `${runPath(run.id)}activities/?per_page=1001`, bearer(botToken));
      expect([tooMany.status, tooMany.json]).toEqual([400, { detail: 'Invalid per_page value. Cannot exceed 1000.' }]);
    });

    it('a run idle for the stale timeout reads as stale; a stopping one does not', async () => {
      await start({ agentRunStaleMs: 60_000 });
      const { run } = await mention();
      now += 60_001;
      expect((await api(sim, runPath(run.id), bearer(botToken))).json).toMatchObject({ status: 'stale' });
      const other = await mention('help');
      sim.stopAgentRun(other.run.id);
      now += 60_001;
      expect(sim.agentRuns().map((item) => item.status)).toEqual(['stale', 'stopping']);
    });

    it('answers 404 with Plane’s message for an unknown run', async () => {
      await start();
      const missing = await api(sim, runPath('00000000-0000-4000-8000-000000000000'), bearer(botToken));
      expect([missing.status, missing.json]).toEqual([404, { error: 'The required object does not exist.' }]);
    });
  });
});
