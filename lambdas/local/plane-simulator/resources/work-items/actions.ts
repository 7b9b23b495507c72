import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { httpError } from '../../http/http-io';
import { externalIdConflict, withExternalId } from '../../rest/external-id';
import { applyUpdate } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import { parseWorkItemChanges } from './input';
import type { SimWorkItem } from './record';
import { workItemJson, workItemWebhookData } from './serializer';

/** The state of a new work item sent without one: `Issue._ensure_default_state` (db/models/issue.py). */
function defaultStateOf(ctx: ActionContext, projectId: string): string {
  const states = ctx.data.states.filter((candidate) => candidate.project === projectId);
  const state = states.find((candidate) => candidate.default) ?? states[0];
  if (!state) throw httpError(400, 'The project has no states');
  return state.id;
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
  const existing = withExternalId(data.workItems, projectId, changes.external_source, changes.external_id);
  if (existing) throw externalIdConflict('Issue', existing.id);
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
  const existing = withExternalId(data.workItems, item.project, source, externalId, item.id);
  if (existing) throw externalIdConflict('Issue', existing.id);
  // Plane compares the request with the REST serializer's JSON, and sends the webhook serializer's.
  const update = { event: 'issue', actor, record: item, changes, requested: body };
  return applyUpdate<SimWorkItem>(
    ctx,
    update,
    (record) => workItemJson(record, data),
    (record) => workItemWebhookData(record, data),
  );
}
