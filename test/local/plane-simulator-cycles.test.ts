import { api, apiKeyAuth, bearer } from '../helpers/sim-harness';
import {
  hooksFor,
  type InstalledSimulator,
  ISSUE_COUNT_KEYS,
  planeWebhook,
  startInstalledSimulator,
} from '../helpers/sim-webhooks';

// CycleSerializer(cycle).data on a plain instance (api/serializers/cycle.py, the fields of
// db/models/cycle.py in order): what bgtasks/webhook_task.py puts in `data`.
const CYCLE_KEYS = [
  'id',
  'created_at',
  'updated_at',
  'deleted_at',
  'name',
  'description',
  'start_date',
  'end_date',
  'view_props',
  'sort_order',
  'external_source',
  'external_id',
  'progress_snapshot',
  'archived_at',
  'logo_props',
  'timezone',
  'version',
  'created_by',
  'updated_by',
  'project',
  'workspace',
  'owned_by',
];

describe('Plane simulator cycles', () => {
  let app: InstalledSimulator;
  let cycles: string;
  beforeEach(async () => {
    app = await startInstalledSimulator();
    cycles = `${app.base}/cycles/`;
  });
  afterEach(() => app.stop());

  const sprint = (extra: Record<string, unknown> = {}) => ({
    name: 'Sprint 2',
    project_id: app.sim.data.projects[0].id,
    start_date: '2030-01-07',
    end_date: '2030-01-20T10:00:00+02:00',
    ...extra,
  });

  it('lists and gets the seeded cycle, paginated, with the counts the views annotate', async () => {
    const list = await api(app.sim, cycles, apiKeyAuth);
    expect(list.json).toMatchObject({ total_count: 1, next_page_results: false, count: 1 });
    const [seeded] = list.json.results as Array<Record<string, unknown>>;
    expect(Object.keys(seeded)).toEqual([CYCLE_KEYS[0], ...ISSUE_COUNT_KEYS, ...CYCLE_KEYS.slice(1)]);
    expect(seeded).toMatchObject({ name: 'Sprint 1', total_issues: 0, owned_by: app.sim.data.human.id });
    const one = await api(app.sim, `${cycles}${seeded.id}/`, bearer(app.botToken));
    expect(one.json).toEqual(seeded);
    expect((await api(app.sim, `${cycles}00000000-0000-4000-8000-000000000000/`, apiKeyAuth)).status).toBe(404);
  });

  it('creates a cycle on day bounds and sends `cycle` `created` shaped like Plane', async () => {
    const created = await api(app.sim, cycles, apiKeyAuth, { method: 'POST', body: sprint() });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(CYCLE_KEYS);
    expect(created.json).toMatchObject({
      start_date: '2030-01-07T00:00:01Z',
      end_date: '2030-01-20T23:59:00Z',
      owned_by: app.sim.data.human.id,
      created_by: app.sim.data.human.id,
      updated_by: null,
      sort_order: 55535,
    });
    await app.sim.idle();
    const [hook] = hooksFor(app.receiver, 'cycle');
    const body = planeWebhook(hook);
    expect(body).toMatchObject({ action: 'created', activity: { field: null, actor: { id: app.sim.data.human.id } } });
    expect(Object.keys(body.data)).toEqual(CYCLE_KEYS);
    expect(body.data).toEqual(created.json);
    expect(hook.body.toString()).toContain('"view_props": {}, "sort_order": 55535.0, "external_source": null');
    const list = await api(app.sim, cycles, apiKeyAuth);
    expect((list.json.results as Array<{ name: string }>).map((cycle) => cycle.name)).toEqual(['Sprint 2', 'Sprint 1']);
  });

  it("refuses what Plane refuses, including a create without the body's project_id", async () => {
    const post = (body: Record<string, unknown>) => api(app.sim, cycles, apiKeyAuth, { method: 'POST', body });
    expect(await post(sprint({ project_id: undefined }))).toMatchObject({
      status: 400,
      json: { non_field_errors: ['Project ID is required'] },
    });
    expect(await post(sprint({ end_date: null }))).toMatchObject({
      status: 400,
      json: { error: 'Both start date and end date are either required or are to be null' },
    });
    expect((await post(sprint({ start_date: '2030-02-30' }))).json).toMatchObject({
      start_date: [expect.stringContaining('Datetime has wrong format')],
    });
    expect((await post(sprint({ start_date: '2030-02-01' }))).json).toEqual({
      non_field_errors: ['Start date cannot exceed end date'],
    });
    expect((await post({ project_id: app.sim.data.projects[0].id })).json).toEqual({
      name: ['This field is required.'],
    });
    const external = { external_source: 'jira', external_id: 'S-2' };
    const first = await post(sprint(external));
    expect(await post(sprint({ ...external, name: 'Again' }))).toMatchObject({
      status: 409,
      json: { error: 'Cycle with the same external id and external source already exists', id: first.json.id },
    });
    expect(app.sim.data.cycles).toHaveLength(2);
  });

  it('refuses cycles in a project that has them off', async () => {
    const project = await api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'Plain', identifier: 'PLN' },
    });
    const res = await api(app.sim, `/workspaces/acme/projects/${project.json.id}/cycles/`, apiKeyAuth, {
      method: 'POST',
      body: sprint({ project_id: project.json.id }),
    });
    expect(res).toMatchObject({ status: 400, json: { non_field_errors: ['Cycles are not enabled for this project'] } });
  });

  it('sends one `cycle` `updated` per changed field; the caller becomes the owner, as in Plane', async () => {
    const [seeded] = app.sim.data.cycles;
    const patched = await api(app.sim, `${cycles}${seeded.id}/`, bearer(app.botToken), {
      method: 'PATCH',
      body: { name: 'Sprint one', description: 'The first two weeks.', external_id: 'S-1' },
    });
    expect(patched.status).toBe(200);
    expect(Object.keys(patched.json)).toEqual(CYCLE_KEYS);
    expect(patched.json).toMatchObject({ name: 'Sprint one', owned_by: app.sim.botUser()?.id });
    await app.sim.idle();
    const hooks = hooksFor(app.receiver, 'cycle').map(planeWebhook);
    expect(
      hooks.map((hook) => [hook.action, hook.activity.field, hook.activity.old_value, hook.activity.new_value]),
    ).toEqual([
      ['updated', 'name', 'Sprint 1', 'Sprint one'],
      ['updated', 'external_id', null, 'S-1'],
    ]);
    expect(hooks[1].data).toMatchObject({ id: seeded.id, name: 'Sprint one', updated_by: app.sim.botUser()?.id });
    expect(hooks[0].activity.actor).toMatchObject({ id: app.sim.botUser()?.id });
  });

  it('refuses to edit a finished cycle unless the body has a sort_order', async () => {
    const past = await api(app.sim, cycles, apiKeyAuth, {
      method: 'POST',
      body: sprint({ start_date: '2020-01-01', end_date: '2020-01-14' }),
    });
    const path = `${cycles}${past.json.id}/`;
    expect(await api(app.sim, path, apiKeyAuth, { method: 'PATCH', body: { name: 'Late' } })).toMatchObject({
      status: 400,
      json: { error: 'The Cycle has already been completed so it cannot be edited' },
    });
    const sorted = await api(app.sim, path, apiKeyAuth, { method: 'PATCH', body: { name: 'Late', sort_order: 1 } });
    expect(sorted.json).toMatchObject({ name: 'Late' });
  });
});
