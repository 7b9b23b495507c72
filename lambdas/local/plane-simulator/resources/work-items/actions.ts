import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { httpError, SimHttpError } from '../../http/http-io';
import { emitFieldUpdates } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import { parseWorkItemChanges } from './input';
import type { SimWorkItem } from './record';
import { workItemJson, workItemWebhookData } from './serializer';

function duplicateOf(
  ctx: ActionContext,
  projectId: string,
  source: string | null | undefined,
  externalId: string | null | undefined,
  self?: string,
): SimWorkItem | undefined {
  if (!source || !externalId) return undefined;
  return ctx.data.workItems.find(
    (item) =>
      item.project === projectId &&
      item.external_source === source &&
      item.external_id === externalId &&
      item.id !== self,
  );
}

/** The state of a new work item sent without one: `Issue._ensure_default_state` (db/models/issue.py). */
function defaultStateOf(ctx: ActionContext, projectId: string): string {
  const states = ctx.data.states.filter((candidate) => candidate.project === projectId);
  const state = states.find((candidate) => candidate.default) ?? states[0];
  if (!state) throw httpError(400, 'The project has no states');
  return state.id;
}

function conflict(existing: SimWorkItem): SimHttpError {
  return new SimHttpError(409, {
    error: 'Issue with the same external id and external source already exists',
    id: existing.id,
  });
}

/** Creates a work item (REST or a test helper alike) and sends its `issue` `created` webhook. */
export function createWorkItem(
  ctx: ActionContext,
  actor: SimUser,
  projectId: string,
  body: Record<string, unknown>,
): SimWorkItem {
  const { data } = ctx;
  const changes = parseWorkItemChanges(body, data, projectId, true);
  const existing = duplicateOf(ctx, projectId, changes.external_source, changes.external_id);
  if (existing) throw conflict(existing);
  const project = data.projects.find((item) => item.id === projectId);
  if (!project) throw httpError(404, 'Project not found');
  const inProject = data.workItems.filter((item) => item.project === projectId);
  const now = ctx.clock();
  const item: SimWorkItem = {
    id: randomUUID(),
    name: changes.name ?? '',
    description_html: changes.description_html ?? '<p></p>',
    priority: changes.priority ?? 'none',
    state: changes.state ?? defaultStateOf(ctx, projectId),
    assignees: changes.assignees ?? [],
    labels: changes.labels ?? [],
    sequence_id: inProject.reduce((max, other) => Math.max(max, other.sequence_id), 0) + 1,
    sort_order: 65535 * (inProject.length + 1),
    start_date: changes.start_date ?? null,
    target_date: changes.target_date ?? null,
    parent: changes.parent ?? null,
    external_source: changes.external_source ?? null,
    external_id: changes.external_id ?? null,
    project: projectId,
    workspace: data.workspace.id,
    created_by: actor.id,
    updated_by: actor.id,
    created_at: now,
    updated_at: now,
  };
  data.workItems.push(item);
  ctx.webhooks.emit('issue', 'created', workItemWebhookData(item, data), { actor });
  return item;
}

/** Updates a work item and sends one `issue` `updated` webhook per changed field. */
export function updateWorkItem(
  ctx: ActionContext,
  actor: SimUser,
  item: SimWorkItem,
  body: Record<string, unknown>,
): SimWorkItem {
  const { data } = ctx;
  const changes = parseWorkItemChanges(body, data, item.project, false);
  const source = 'external_source' in changes ? changes.external_source : item.external_source;
  const externalId = 'external_id' in changes ? changes.external_id : item.external_id;
  const existing = duplicateOf(ctx, item.project, source, externalId, item.id);
  if (existing) throw conflict(existing);
  const before = workItemJson(item, data);
  Object.assign(item, changes, { updated_by: actor.id, updated_at: ctx.clock() });
  emitFieldUpdates(ctx.webhooks, 'issue', actor, before, body, () => workItemWebhookData(item, data));
  return item;
}
