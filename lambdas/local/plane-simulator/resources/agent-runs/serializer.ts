import type { JsonObject } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { SimAgentActivity, SimAgentRun } from './record';

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
