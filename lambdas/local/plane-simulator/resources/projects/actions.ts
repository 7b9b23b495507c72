import type { ActionContext } from '../../context';
import { SimHttpError } from '../../http/http-io';
import { fieldError } from '../../rest/fields';
import type { SimulatorData } from '../../simulator-data';
import { applyUpdate } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import { defaultStates, newProject } from './defaults';
import { parseProjectChanges } from './input';
import type { SimProject } from './record';
import { projectJson } from './serializer';

// Plane's answers when a unique constraint fails: an IntegrityError "already exists" is the name's
// 409 and a serializer ValidationError the identifier's, whatever the cause (api/views/project.py).
const NAME_TAKEN = new SimHttpError(409, { name: 'The project name is already taken' });
const IDENTIFIER_TAKEN = new SimHttpError(409, { identifier: 'The project identifier is already taken' });

// ProjectCreateSerializer picks a random icon and colour; the simulator always picks the first.
// Read back from Postgres `jsonb`, whose objects come out with shorter keys first.
const LOGO_PROPS = { icon: { name: 'home', color: '#95999f' }, in_use: 'icon' };

function taken(data: SimulatorData, field: 'name' | 'identifier', value: string | undefined, self?: string): boolean {
  return value !== undefined && data.projects.some((project) => project[field] === value && project.id !== self);
}

/**
 * Creates a project as `POST /projects/` does: the creator (and the lead) become its admins, it
 * gets Plane's default states, and a `project` `created` webhook goes out. App bots are not added
 * (Plane adds them to the projects that exist at install time).
 */
export function createProject(ctx: ActionContext, actor: SimUser, body: Record<string, unknown>): SimProject {
  const { data } = ctx;
  const changes = parseProjectChanges(body, data, true);
  if (taken(data, 'identifier', changes.identifier)) throw IDENTIFIER_TAKEN;
  if (taken(data, 'name', changes.name)) throw NAME_TAKEN;
  const now = ctx.clock();
  const lead = changes.project_lead ?? null;
  const project = newProject({
    identifier: '',
    name: '',
    logo_props: LOGO_PROPS,
    ...changes,
    workspace: data.workspace.id,
    members: lead && lead !== actor.id ? [actor.id, lead] : [actor.id],
    created_by: actor.id,
    created_at: now,
  });
  data.projects.push(project);
  data.states.push(...defaultStates(project.id, project.workspace));
  ctx.webhooks.emit('project', 'created', projectJson(project), { actor });
  return project;
}

/** Updates a project as `PATCH /projects/{id}/` does: one `project` `updated` webhook per changed field. */
export function updateProject(
  ctx: ActionContext,
  actor: SimUser,
  project: SimProject,
  body: Record<string, unknown>,
): SimProject {
  const { data } = ctx;
  const changes = parseProjectChanges(body, data, false);
  const state = changes.default_state && data.states.find((candidate) => candidate.id === changes.default_state);
  if (changes.default_state && !state) {
    throw fieldError('default_state', `Invalid pk "${changes.default_state}" - object does not exist.`);
  }
  if (state && state.project !== project.id) throw IDENTIFIER_TAKEN;
  if (taken(data, 'name', changes.name, project.id) || taken(data, 'identifier', changes.identifier, project.id)) {
    throw NAME_TAKEN;
  }
  return applyUpdate(ctx, { event: 'project', actor, record: project, changes, requested: body }, projectJson);
}

function inProject(record: unknown, projectId: string): boolean {
  return typeof record === 'object' && record !== null && 'project' in record && record.project === projectId;
}

/**
 * Deletes a project and everything in it (states, work items, comments, ...: every record whose
 * `project` it is), and sends `project` `deleted` with only the id, as Plane does.
 */
export function deleteProject(ctx: ActionContext, actor: SimUser, project: SimProject): void {
  const { data } = ctx;
  data.projects.splice(data.projects.indexOf(project), 1);
  for (const list of Object.values(data)) {
    if (!Array.isArray(list)) continue;
    const kept = list.filter((record: unknown) => !inProject(record, project.id));
    list.splice(0, list.length, ...kept);
  }
  ctx.webhooks.emit('project', 'deleted', { id: project.id }, { actor });
}
