import type { PlaneSimulator } from '../../lambdas/local/plane-simulator';
import { api, apiKeyAuth, bearer, installWithBotToken, startSimulator } from '../helpers/sim-harness';

describe('Plane simulator REST API', () => {
  let sim: PlaneSimulator;
  let base: string;

  beforeEach(async () => {
    sim = await startSimulator();
    base = `/workspaces/acme/projects/${sim.data.projects[0].id}`;
  });
  afterEach(() => sim.stop());

  it('answers 401 without credentials and with an unknown token, with rate-limit headers', async () => {
    const none = await api(sim, '/users/me/', {});
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(none.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect((await api(sim, '/users/me/', bearer('nope'))).status).toBe(401);
  });

  it('returns the caller for the API key and for a bot token', async () => {
    const me = await api(sim, '/users/me/', apiKeyAuth);
    expect(me.json).toMatchObject({ id: sim.data.human.id, display_name: 'ada', email: 'ada@example.com' });
    const { botToken } = await installWithBotToken(sim);
    const bot = await api(sim, '/users/me/', bearer(botToken));
    expect(bot.json).toMatchObject({ id: sim.botUser()?.id, is_bot: true });
  });

  it('rejects expired tokens', async () => {
    const { botToken } = await installWithBotToken(sim);
    sim.expireAllTokens();
    expect((await api(sim, '/users/me/', bearer(botToken))).status).toBe(401);
  });

  it('sends X-RateLimit headers and 429s API keys past 60 a minute', async () => {
    const first = await api(sim, '/users/me/', apiKeyAuth);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    for (let i = 0; i < 59; i += 1) await api(sim, '/users/me/', apiKeyAuth);
    const over = await api(sim, '/users/me/', apiKeyAuth);
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ error_code: 5900 });
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('lists members (with the bot after install) and projects', async () => {
    await installWithBotToken(sim);
    const members = (await api(sim, '/workspaces/acme/members/', apiKeyAuth)).json as unknown as Array<{ id: string }>;
    expect(members.map((member) => member.id)).toEqual([sim.data.human.id, sim.botUser()?.id]);
    const projects = await api(sim, '/workspaces/acme/projects/', apiKeyAuth);
    expect(projects.json).toMatchObject({ total_count: 1, results: [{ identifier: 'WEB', name: 'Website' }] });
  });

  it('pages work items like Plane and follows cursors', async () => {
    for (let i = 0; i < 3; i += 1)
      await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body: { name: `Item ${i}` } });
    const first = await api(sim, `${base}/work-items/?per_page=4`, apiKeyAuth);
    expect(Object.keys(first.json)).toEqual([
      'grouped_by',
      'sub_grouped_by',
      'total_count',
      'next_cursor',
      'prev_cursor',
      'next_page_results',
      'prev_page_results',
      'count',
      'total_pages',
      'total_results',
      'extra_stats',
      'results',
    ]);
    expect(first.json).toMatchObject({
      grouped_by: null,
      total_count: 6,
      next_cursor: '4:1:0',
      prev_cursor: '4:-1:1',
      next_page_results: true,
      prev_page_results: false,
      count: 4,
      total_pages: 2,
      total_results: 6,
      extra_stats: null,
    });
    const second = await api(sim, `${base}/issues/?per_page=4&cursor=${String(first.json.next_cursor)}`, apiKeyAuth);
    expect(second.json).toMatchObject({ count: 2, next_page_results: false, prev_page_results: true });
    const names = [
      ...(first.json.results as Array<{ name: string }>),
      ...(second.json.results as Array<{ name: string }>),
    ].map((item) => item.name);
    expect(new Set(names).size).toBe(6);
    expect(names[0]).toBe('Item 2');
    expect((await api(sim, `${base}/work-items/?per_page=101`, apiKeyAuth)).status).toBe(400);
  });

  it('returns ids unless expand names state, labels or assignees', async () => {
    const item = sim.data.workItems[0];
    const plain = await api(sim, `${base}/work-items/${item.id}/`, apiKeyAuth);
    expect(plain.json).toMatchObject({ state: item.state, assignees: [sim.data.human.id], labels: item.labels });
    const expanded = await api(sim, `${base}/work-items/${item.id}/?expand=state,labels,assignees`, apiKeyAuth);
    expect(expanded.json).toMatchObject({
      state: { id: item.state, name: 'In Progress', group: 'started' },
      assignees: [{ id: sim.data.human.id, display_name: 'ada' }],
      labels: [{ id: item.labels[0], name: 'feature' }],
    });
  });

  it('creates work items with the next sequence id and answers 409 on a repeated external id', async () => {
    const body = { name: 'From Sentry', priority: 'high', external_source: 'sentry', external_id: 'E-1' };
    const created = await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'From Sentry',
      priority: 'high',
      sequence_id: 4,
      state: sim.data.projects[0].default_state,
    });
    const again = await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({
      error: 'Issue with the same external id and external source already exists',
      id: created.json.id,
    });
    expect(
      (await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body: { priority: 'high' } })).status,
    ).toBe(400);
    expect(
      (await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body: { name: 'x', priority: 'p0' } }))
        .status,
    ).toBe(400);
  });

  it('creates comments, requires comment_html and answers 409 on a repeated external id', async () => {
    const item = sim.data.workItems[0];
    const path = `${base}/work-items/${item.id}/comments/`;
    const body = { comment_html: '<p>Hi</p>', external_source: 'slack', external_id: 'm-1' };
    const created = await api(sim, path, apiKeyAuth, { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      comment_html: '<p>Hi</p>',
      comment_stripped: 'Hi',
      issue: item.id,
      project: item.project,
      workspace: sim.data.workspace.id,
      actor: sim.data.human.id,
      created_by: sim.data.human.id,
      access: 'INTERNAL',
    });
    const again = await api(sim, path, apiKeyAuth, { method: 'POST', body });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ id: created.json.id, error: expect.stringContaining('already exists') });
    expect((await api(sim, path, apiKeyAuth, { method: 'POST', body: { access: 'EXTERNAL' } })).status).toBe(400);
    const list = await api(sim, path.replace('/work-items/', '/issues/'), apiKeyAuth);
    expect(list.json).toMatchObject({ total_count: 1, results: [{ id: created.json.id }] });
  });

  it('answers JSON 404s for unknown routes and objects, and 405 for unknown methods', async () => {
    expect((await api(sim, '/nothing/', apiKeyAuth)).json).toEqual({ detail: 'Not found.' });
    const missing = await api(sim, `${base}/work-items/00000000-0000-4000-8000-000000000000/`, apiKeyAuth);
    expect(missing.status).toBe(404);
    expect(
      (await api(sim, `${base}/work-items/${sim.data.workItems[0].id}/`, apiKeyAuth, { method: 'DELETE' })).status,
    ).toBe(405);
  });

  it('injects 429s and 500s on demand', async () => {
    sim.setFaults({ api429Rate: 1 });
    const limited = await api(sim, '/users/me/', apiKeyAuth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    sim.setFaults({ api500Rate: 1 });
    expect((await api(sim, '/users/me/', apiKeyAuth)).status).toBe(500);
    sim.setFaults({});
    expect((await api(sim, '/users/me/', apiKeyAuth)).status).toBe(200);
  });

  it('finds a work item by its identifier', async () => {
    const res = await api(sim, '/workspaces/acme/work-items/WEB-2/', apiKeyAuth);
    expect(res.json).toMatchObject({ id: sim.data.workItems[1].id, sequence_id: 2 });
  });
});
