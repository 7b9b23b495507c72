import type { JsonObject, PyJson } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { JsonRecord, SimAgentActivity, SimAgentRun } from './record';

const time = (value: number | null): string | null => (value === null ? null : ts(value));
// JSON fields hold what a request body held: JSON by construction.
const json = (value: JsonRecord | null): PyJson => value as PyJson;

/**
 * A run in webhooks: `AgentRunWebhookPayloadSerializer` (`fields = "__all__"` over the model, `id`
 * and `deleted_at` first from the base serializer), EE apps/api/plane/agents/serializers/api/
 * agent_run.py; key order verified in the research notes (plane-agents.md §1.3).
 */
export function agentRunWebhookJson(run: SimAgentRun): JsonObject {
  return {
    id: run.id,
    deleted_at: null,
    created_at: ts(run.created_at),
    updated_at: ts(run.updated_at),
    stopped_at: time(run.stopped_at),
    started_at: ts(run.started_at),
    ended_at: time(run.ended_at),
    external_link: run.external_link,
    status: run.status,
    error_metadata: json(run.error_metadata),
    type: run.type,
    created_by: run.created_by,
    updated_by: run.updated_by,
    agent_user: run.agent_user,
    comment: run.comment,
    source_comment: run.source_comment,
    creator: run.creator,
    stopped_by: run.stopped_by,
    issue: run.issue,
    workspace: run.workspace,
    project: run.project,
  };
}

/** A run from `GET /api/v1/.../runs/{id}/`: `AgentRunAPISerializer`, whose declared fields come first (§4). */
export function agentRunApiJson(run: SimAgentRun): JsonObject {
  const all = agentRunWebhookJson(run);
  const first = ['id', 'deleted_at', 'workspace', 'agent_user', 'comment', 'issue', 'creator', 'source_comment'];
  return Object.fromEntries([
    ...first.map((key) => [key, all[key]]),
    ...Object.entries(all).filter(([key]) => !first.includes(key)),
  ]);
}

/** An activity in `agent_run_user_prompt` webhooks: `AgentRunActivityWebhookPayloadSerializer` (§1.3). */
export function agentActivityWebhookJson(activity: SimAgentActivity): JsonObject {
  return {
    id: activity.id,
    deleted_at: null,
    created_at: ts(activity.created_at),
    updated_at: ts(activity.updated_at),
    content: json(activity.content),
    content_metadata: json(activity.content_metadata),
    ephemeral: activity.ephemeral,
    signal: activity.signal,
    signal_metadata: json(activity.signal_metadata),
    type: activity.type,
    created_by: activity.created_by,
    updated_by: activity.updated_by,
    agent_run: activity.agent_run,
    comment: activity.comment,
    actor: activity.actor,
    project: activity.project,
    workspace: activity.workspace,
  };
}

/**
 * An activity from the v1 API (201 of a POST, items of the list): `AgentRunActivityAPISerializer`,
 * its declared `agent_run`, `workspace`, `actor` first (§3).
 */
export function agentActivityApiJson(activity: SimAgentActivity): JsonObject {
  const all = agentActivityWebhookJson(activity);
  const first = ['id', 'deleted_at', 'agent_run', 'workspace', 'actor'];
  return Object.fromEntries([
    ...first.map((key) => [key, all[key]]),
    ...Object.entries(all).filter(([key]) => !first.includes(key)),
  ]);
}
