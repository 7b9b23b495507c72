import { api, apiKeyAuth, bearer } from '../helpers/sim-harness';
import { hooksFor, type InstalledSimulator, planeWebhook, startInstalledSimulator } from '../helpers/sim-webhooks';

// ProjectSerializer(project).data on a plain instance (api/serializers/project.py, model fields in
// the order of db/models/project.py): what bgtasks/webhook_task.py puts in `data`.
const PROJECT_KEYS = [
  'id',
  'cover_image_url',
  'created_at',
  'updated_at',
  'deleted_at',
  'name',
  'description',
  'description_text',
  'description_html',
  'network',
  'identifier',
  'emoji',
  'icon_prop',
  'module_view',
  'cycle_view',
  'issue_views_view',
  'page_view',
  'intake_view',
  'is_time_tracking_enabled',
  'is_issue_type_enabled',
  'guest_view_all_features',
  'cover_image',
  'archive_in',
  'close_in',
  'logo_props',
  'archived_at',
  'timezone',
  'external_source',
  'external_id',
  'created_by',
  'updated_by',
  'workspace',
  'default_assignee',
  'project_lead',
  'cover_image_asset',
  'estimate',
  'default_state',
];
// The views' querysets annotate the caller's membership, declared right after `id`.
const ANNOTATIONS = ['total_members', 'total_cycles', 'total_modules', 'is_member', 'member_role', 'is_deployed'];

describe('Plane simulator projects', () => {
  let app: InstalledSimulator;
  beforeEach(async () => {
    app = await startInstalledSimulator();
  });
  afterEach(() => app.stop());

  const createMobile = () =>
    api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'Mobile app', identifier: ' mob ', cycle_view: true, description: 'Café' },
    });

  it('creates a project with default states, and sends `project` `created` shaped like Plane', async () => {
    const created = await createMobile();
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual([PROJECT_KEYS[0], ...ANNOTATIONS, ...PROJECT_KEYS.slice(1)]);
    expect(created.json).toMatchObject({ identifier: 'MOB', is_member: true, member_role: 20, default_state: null });
    const seeded = await api(app.sim, `${app.base}/`, apiKeyAuth);
    expect(seeded.json).toMatchObject({ total_members: 1, total_cycles: 1, total_modules: 1 });
    const states = await api(app.sim, `/workspaces/acme/projects/${created.json.id}/states/`, apiKeyAuth);
    expect((states.json.results as Array<{ name: string }>).map((state) => state.name)).toEqual([
      'Backlog',
      'Todo',
      'In Progress',
      'Done',
      'Cancelled',
    ]);
    await app.sim.idle();
    const [hook] = hooksFor(app.receiver, 'project');
    const body = planeWebhook(hook);
    expect(body).toMatchObject({ action: 'created', activity: { field: null, actor: { id: app.sim.data.human.id } } });
    expect(Object.keys(body.data)).toEqual(PROJECT_KEYS);
    expect(body.data).toMatchObject({ id: created.json.id, created_by: app.sim.data.human.id, updated_by: null });
    expect(hook.body.toString()).toContain('"description": "Caf\\u00e9"');
    expect(hook.body.toString()).toContain(
      '"logo_props": {"icon": {"name": "home", "color": "#95999f"}, "in_use": "icon"}',
    );
  });

  it('refuses a taken identifier (409), special characters and other time zones (400)', async () => {
    await createMobile();
    const again = await api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'Other', identifier: 'MOB' },
    });
    expect(again).toMatchObject({ status: 409, json: { identifier: 'The project identifier is already taken' } });
    const special = await api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'R&D', identifier: 'RD' },
    });
    expect(special).toMatchObject({
      status: 400,
      json: { non_field_errors: ['Project name cannot contain special characters.'] },
    });
    const zone = await api(app.sim, '/workspaces/acme/projects/', apiKeyAuth, {
      method: 'POST',
      body: { name: 'Zoned', identifier: 'ZN', timezone: 'Europe/Paris' },
    });
    expect(zone.status).toBe(400);
    expect(app.sim.data.projects).toHaveLength(2);
  });

  it('sends one `project` `updated` per changed field, old value from the serialized project', async () => {
    const project = app.sim.data.projects[0];
    const patched = await api(app.sim, `${app.base}/`, apiKeyAuth, {
      method: 'PATCH',
      body: { name: 'Web site', cycle_view: true, intake_view: true },
    });
    expect(patched.json).toMatchObject({ name: 'Web site', intake_view: true, updated_by: app.sim.data.human.id });
    await app.sim.idle();
    const hooks = hooksFor(app.receiver, 'project').map(planeWebhook);
    expect(
      hooks.map((hook) => [hook.action, hook.activity.field, hook.activity.old_value, hook.activity.new_value]),
    ).toEqual([
      ['updated', 'name', 'Website', 'Web site'],
      ['updated', 'intake_view', false, true],
    ]);
    expect(hooks[0].data).toMatchObject({ id: project.id, name: 'Web site', intake_view: true });
  });

  it('deletes a project with its records and sends `project` `deleted` with only the id', async () => {
    const project = app.sim.data.projects[0];
    const deleted = await api(app.sim, `${app.base}/`, apiKeyAuth, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(app.sim.data.projects).toHaveLength(0);
    expect(app.sim.data.workItems).toHaveLength(0);
    expect(app.sim.data.states).toHaveLength(0);
    await app.sim.idle();
    const [hook] = hooksFor(app.receiver, 'project');
    expect(hook.body.toString()).toContain(`"action": "deleted", "webhook_id": "${app.sim.installation()?.webhook}"`);
    expect(planeWebhook(hook).data).toEqual({ id: project.id });
  });

  it("lets only a project's admins change it: the bot may change the projects it made", async () => {
    const bot = bearer(app.botToken);
    expect((await api(app.sim, `${app.base}/`, bot, { method: 'PATCH', body: { name: 'Mine' } })).status).toBe(403);
    expect((await api(app.sim, `${app.base}/`, bot, { method: 'DELETE' })).status).toBe(403);
    const made = await api(app.sim, '/workspaces/acme/projects/', bot, {
      method: 'POST',
      body: { name: 'Bot work', identifier: 'BOT' },
    });
    expect(made.json).toMatchObject({ member_role: 20, created_by: app.sim.botUser()?.id });
    const path = `/workspaces/acme/projects/${made.json.id}/`;
    expect((await api(app.sim, path, bot, { method: 'PATCH', body: { name: 'Bot jobs' } })).status).toBe(200);
    expect((await api(app.sim, path, bot, { method: 'DELETE' })).status).toBe(204);
  });

  it("lists public projects to non-members with the member's sort order", async () => {
    const created = await createMobile();
    const list = await api(app.sim, '/workspaces/acme/projects/', bearer(app.botToken));
    const results = list.json.results as Array<Record<string, unknown>>;
    expect(results.map((project) => [project.identifier, project.is_member, project.sort_order])).toEqual([
      ['MOB', false, null],
      ['WEB', true, 65535],
    ]);
    expect(results[0].id).toBe(created.json.id);
  });
});
