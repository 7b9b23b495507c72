import type { PyJson } from './format/python-json';
import { stripTags } from './format/rich-text';
import { isoTimestamp } from './format/timestamps';
import type {
  SimAgentActivity,
  SimAgentRun,
  SimComment,
  SimInstallation,
  SimLabel,
  SimProject,
  SimState,
  SimUser,
  SimulatorData,
  SimWorkItem,
} from './records';

/** A JSON object under construction; key order is the order of assignment, as in Python. */
export type JsonObject = { [key: string]: PyJson };

const ts = isoTimestamp;

/** Plane's `UserLiteSerializer`: the shape of `activity.actor` and expanded assignees. */
export function userLite(user: SimUser): JsonObject {
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    avatar: user.avatar,
    avatar_url: user.avatar_url,
    display_name: user.display_name,
  };
}

function stateLite(state: SimState): JsonObject {
  return { id: state.id, name: state.name, color: state.color, group: state.group };
}

export function stateJson(state: SimState): JsonObject {
  return {
    ...stateLite(state),
    sequence: state.sequence,
    default: state.default,
    project: state.project,
    workspace: state.workspace,
  };
}

export function labelJson(label: SimLabel): JsonObject {
  return {
    id: label.id,
    created_at: ts(label.created_at),
    name: label.name,
    description: label.description,
    color: label.color,
    project: label.project,
    workspace: label.workspace,
    parent: null,
  };
}

export function projectJson(project: SimProject): JsonObject {
  return {
    id: project.id,
    created_at: ts(project.created_at),
    updated_at: ts(project.updated_at),
    name: project.name,
    description: project.description,
    identifier: project.identifier,
    network: 2,
    created_by: project.created_by,
    workspace: project.workspace,
    default_state: project.default_state,
  };
}

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
 * assignees expanded): `state` as `{id, name, color, group}`.
 */
export function workItemWebhookData(item: SimWorkItem, data: SimulatorData): JsonObject {
  const state = stateOf(data, item.state);
  return {
    id: item.id,
    cycle: null,
    module: null,
    labels: labelsOf(data, item.labels).map((label) => ({ id: label.id, name: label.name, color: label.color })),
    assignees: usersOf(data, item.assignees).map(userLite),
    state: state ? stateLite(state) : null,
    description: {},
    ...workItemFields(item),
    description_stripped: stripTags(item.description_html),
    estimate_point: null,
    type: null,
  };
}

/** A comment, in the REST API and in `issue_comment` webhooks alike. */
export function commentJson(comment: SimComment): JsonObject {
  return {
    id: comment.id,
    created_at: ts(comment.created_at),
    updated_at: ts(comment.updated_at),
    deleted_at: null,
    comment_stripped: comment.comment_stripped,
    comment_html: comment.comment_html,
    attachments: [],
    access: comment.access,
    external_source: comment.external_source,
    external_id: comment.external_id,
    edited_at: null,
    created_by: comment.actor,
    updated_by: comment.actor,
    project: comment.project,
    workspace: comment.workspace,
    issue: comment.issue,
    actor: comment.actor,
    parent: null,
  };
}

export function agentRunJson(run: SimAgentRun): JsonObject {
  return {
    id: run.id,
    created_at: ts(run.created_at),
    updated_at: ts(run.updated_at),
    deleted_at: null,
    agent_user: run.agent_user,
    comment: run.comment,
    source_comment: run.source_comment,
    creator: run.creator,
    stopped_at: null,
    stopped_by: null,
    started_at: ts(run.started_at),
    ended_at: run.ended_at === null ? null : ts(run.ended_at),
    external_link: null,
    issue: run.issue,
    workspace: run.workspace,
    project: run.project,
    status: run.status,
    error_metadata: null,
    type: run.type,
    created_by: run.creator,
    updated_by: run.creator,
  };
}

export function agentActivityJson(activity: SimAgentActivity): JsonObject {
  return {
    id: activity.id,
    created_at: ts(activity.created_at),
    updated_at: ts(activity.updated_at),
    agent_run: activity.agent_run,
    content: activity.content as JsonObject,
    content_metadata: {},
    ephemeral: activity.ephemeral,
    signal: activity.signal,
    signal_metadata: {},
    comment: activity.comment,
    actor: activity.actor,
    type: activity.type,
    project: activity.project,
    workspace: activity.workspace,
  };
}

/** One item of `GET /auth/o/app-installation/`. */
export function installationJson(installation: SimInstallation, data: SimulatorData): JsonObject {
  const { workspace } = data;
  return {
    id: installation.id,
    workspace_detail: { name: workspace.name, slug: workspace.slug, id: workspace.id, logo_url: workspace.logo_url },
    created_at: ts(installation.created_at),
    updated_at: ts(installation.updated_at),
    deleted_at: null,
    status: installation.status,
    created_by: installation.installed_by,
    updated_by: installation.installed_by,
    workspace: installation.workspace,
    application: installation.application,
    installed_by: installation.installed_by,
    app_bot: installation.app_bot,
    webhook: installation.webhook,
  };
}
