import type { JsonObject } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { SimulatorData } from '../../simulator-data';
import type { SimUser } from '../members/record';
import { userLite } from '../members/serializer';
import type { SimLabel, SimState } from '../projects/record';
import { labelJson, stateLite } from '../projects/serializer';
import { descriptionFields } from './description';
import type { SimWorkItem } from './record';

function usersOf(data: SimulatorData, ids: readonly string[]): SimUser[] {
  return ids.flatMap((id) => data.users.filter((user) => user.id === id));
}

function labelsOf(data: SimulatorData, ids: readonly string[]): SimLabel[] {
  return ids.flatMap((id) => data.labels.filter((label) => label.id === id));
}

function stateOf(data: SimulatorData, id: string): SimState | undefined {
  return data.states.find((state) => state.id === id);
}

/** The fields of a work item that both the REST API and the webhook body carry, in Plane's order. */
function workItemFields(item: SimWorkItem): JsonObject {
  return {
    created_at: ts(item.created_at),
    updated_at: ts(item.updated_at),
    deleted_at: null,
    point: null,
    name: item.name,
    description_html: item.description_html,
    priority: item.priority,
    start_date: item.start_date,
    target_date: item.target_date,
    sequence_id: item.sequence_id,
    sort_order: item.sort_order,
    completed_at: null,
    archived_at: null,
    is_draft: false,
    external_source: item.external_source,
    external_id: item.external_id,
    created_by: item.created_by,
    updated_by: item.updated_by,
    project: item.project,
    workspace: item.workspace,
    parent: item.parent,
  };
}

/**
 * A work item as the REST API returns it (`IssueSerializer`): `state` is a uuid and `assignees`
 * and `labels` arrays of uuids, unless `expand` names them.
 */
export function workItemJson(
  item: SimWorkItem,
  data: SimulatorData,
  expand: ReadonlySet<string> = new Set(),
): JsonObject {
  const state = stateOf(data, item.state);
  return {
    id: item.id,
    type_id: null,
    ...workItemFields(item),
    state: expand.has('state') && state ? stateLite(state) : item.state,
    estimate_point: null,
    type: null,
    assignees: expand.has('assignees') ? usersOf(data, item.assignees).map(userLite) : [...item.assignees],
    labels: expand.has('labels') ? labelsOf(data, item.labels).map(labelJson) : [...item.labels],
  };
}

/**
 * A work item as the webhook sender serialises it (`IssueExpandSerializer` with labels and
 * assignees expanded, fields "__all__": declared fields first, then the model's): `state` as
 * `{id, name, color, group}`, and every description field, so a long description makes a body of
 * hundreds of KB as Plane's does.
 */
export function workItemWebhookData(item: SimWorkItem, data: SimulatorData): JsonObject {
  const state = stateOf(data, item.state);
  const { document, fields: description } = descriptionFields(item.description_html);
  // The description fields take description_html's place, in the model's order.
  const fields = Object.entries(workItemFields(item)).flatMap(([key, value]) =>
    key === 'description_html' ? Object.entries(description) : [[key, value] as const],
  );
  return {
    id: item.id,
    cycle: null,
    module: null,
    labels: labelsOf(data, item.labels).map((label) => ({ id: label.id, name: label.name, color: label.color })),
    assignees: usersOf(data, item.assignees).map(userLite),
    state: state ? stateLite(state) : null,
    description: document,
    ...Object.fromEntries(fields),
    estimate_point: null,
    type: null,
  };
}
