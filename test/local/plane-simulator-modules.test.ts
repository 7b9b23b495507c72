import { api, apiKeyAuth, bearer } from '../helpers/sim-harness';
import {
  hooksFor,
  type InstalledSimulator,
  ISSUE_COUNT_KEYS,
  planeWebhook,
  startInstalledSimulator,
} from '../helpers/sim-webhooks';

// ModuleSerializer(module).data on a plain instance (api/serializers/module.py): the fields of
// db/models/module.py in order, then `members`, appended by its to_representation.
const MODULE_KEYS = [
  'id',
  'created_at',
  'updated_at',
  'deleted_at',
  'name',
  'description',
  'description_text',
  'description_html',
  'start_date',
  'target_date',
  'status',
  'view_props',
  'sort_order',
  'external_source',
  'external_id',
  'archived_at',
  'logo_props',
  'created_by',
  'updated_by',
  'project',
  'workspace',
  'lead',
  'members',
];

describe('Plane simulator modules', () => {
  let app: InstalledSimulator;
  let modules: string;
  beforeEach(async () => {
    app = await startInstalledSimulator();
    modules = `${app.base}/modules/`;
  });
  afterEach(() => app.stop());

  const post = (body: Record<string, unknown>) => api(app.sim, modules, apiKeyAuth, { method: 'POST', body });

  it('lists and gets the seeded module, paginated, with the counts the views annotate', async () => {
    const list = await api(app.sim, modules, bearer(app.botToken));
    expect(list.json).toMatchObject({ total_count: 1, count: 1, next_page_results: false });
    const [seeded] = list.json.results as Array<Record<string, unknown>>;
    expect(Object.keys(seeded)).toEqual([MODULE_KEYS[0], ...ISSUE_COUNT_KEYS, ...MODULE_KEYS.slice(1)]);
    expect(seeded).toMatchObject({ name: 'Launch', status: 'in-progress', members: [app.sim.data.human.id] });
    expect((await api(app.sim, `${modules}${seeded.id}/`, apiKeyAuth)).json).toEqual(seeded);
    expect((await api(app.sim, `${modules}00000000-0000-4000-8000-000000000000/`, apiKeyAuth)).status).toBe(404);
  });

  it('creates a module and sends `module` `created` shaped like Plane, members last', async () => {
    const human = app.sim.data.human.id;
    const stranger = '00000000-0000-4000-8000-000000000000';
    const created = await post({
      name: 'Search',
      start_date: '2030-03-01',
      target_date: '2030-03-31',
      lead: human,
      members: [human],
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(MODULE_KEYS);
    expect(created.json).toMatchObject({ status: 'planned', lead: human, members: [human], sort_order: 55535 });
    await app.sim.idle();
    const [hook] = hooksFor(app.receiver, 'module');
    const body = planeWebhook(hook);
    expect(body).toMatchObject({ action: 'created', activity: { actor: { id: human } } });
    expect(body.data).toEqual(created.json);
    expect(hook.body.toString()).toContain(`"sort_order": 55535.0`);
    expect(hook.body.toString()).toContain(`"lead": "${human}", "members": ["${human}"]}, "activity": {`);
    expect((await post({ name: 'Ghosts', members: [stranger] })).json).toEqual({
      members: { 0: [`Invalid pk "${stranger}" - object does not exist.`] },
    });
  });

  it('refuses what Plane refuses', async () => {
    expect((await post({ description: 'x' })).json).toEqual({ name: ['This field is required.'] });
    expect((await post({ name: 'x', status: 'done' })).json).toEqual({ status: ['"done" is not a valid choice.'] });
    expect((await post({ name: 'x', start_date: '2030-04-02', target_date: '2030-04-01' })).json).toEqual({
      non_field_errors: ['Start date cannot exceed target date'],
    });
    const taken = await post({ name: 'Launch' });
    expect(taken).toMatchObject({
      status: 400,
      json: {
        id: app.sim.data.modules[0].id,
        code: 'MODULE_NAME_ALREADY_EXISTS',
        error: 'Module with this name already exists',
      },
    });
    const first = await post({ name: 'Sync', external_source: 'github', external_id: 'M-1' });
    expect(await post({ name: 'Sync 2', external_source: 'github', external_id: 'M-1' })).toMatchObject({
      status: 409,
      json: { error: 'Module with the same external id and external source already exists', id: first.json.id },
    });
    const plain = await api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'Plain', identifier: 'PLN' },
    });
    const off = await api(app.sim, `/workspaces/acme/projects/${plain.json.id}/modules/`, apiKeyAuth, {
      method: 'POST',
      body: { name: 'x' },
    });
    expect(off.json).toEqual({ non_field_errors: ['Modules are not enabled for this project'] });
    expect(app.sim.data.modules).toHaveLength(2);
  });

  it('answers an update with its fields only and sends one `module` `updated` per changed field', async () => {
    const [seeded] = app.sim.data.modules;
    const bot = app.sim.botUser()?.id;
    const patched = await api(app.sim, `${modules}${seeded.id}/`, bearer(app.botToken), {
      method: 'PATCH',
      body: { status: 'paused', name: 'Launch', members: [app.sim.data.human.id, bot] },
    });
    expect(patched.json).toEqual({
      name: 'Launch',
      description: seeded.description,
      start_date: seeded.start_date,
      target_date: seeded.target_date,
      status: 'paused',
      lead: app.sim.data.human.id,
      external_source: null,
      external_id: null,
    });
    await app.sim.idle();
    const hooks = hooksFor(app.receiver, 'module').map(planeWebhook);
    expect(hooks.map((hook) => [hook.activity.field, hook.activity.old_value, hook.activity.new_value])).toEqual([
      ['status', 'in-progress', 'paused'],
      ['members', [app.sim.data.human.id], [app.sim.data.human.id, bot]],
    ]);
    expect(hooks[0].data).toMatchObject({ status: 'paused', members: [app.sim.data.human.id, bot], updated_by: bot });
    await post({ name: 'Search' });
    const clash = await api(app.sim, `${modules}${seeded.id}/`, apiKeyAuth, {
      method: 'PATCH',
      body: { name: 'Search' },
    });
    expect(clash).toMatchObject({ status: 400, json: { error: 'Module with this name already exists' } });
  });
});
