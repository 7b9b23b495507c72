import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import type { JsonObject } from '../../format/python-json';
import { mentionedUserIds } from '../../format/rich-text';
import type { SimComment } from '../comments/record';
import type { SimUser } from '../members/record';
import type { SimAgentRun } from './record';
import { agentRunJson } from './serializer';

/** The `agent_run_create` payload (key order as the simulator has always sent it). */
function agentRunCreated(ctx: ActionContext, run: SimAgentRun): JsonObject {
  return {
    type: 'agent_run',
    agent_run: agentRunJson(run),
    agent_user_id: run.agent_user,
    app_client_id: ctx.data.application.client_id,
    issue_id: run.issue,
    project_id: run.project,
    workspace_id: run.workspace,
    comment_id: run.comment,
  };
}

/**
 * Starts an agent run for each installed app bot a new comment mentions (with "Enable App
 * Mentions" on), and sends `agent_run_create` for it.
 */
export function startAgentRuns(ctx: ActionContext, actor: SimUser, comment: SimComment): void {
  const { data } = ctx;
  if (!data.application.agent_mentions) return;
  for (const userId of mentionedUserIds(comment.comment_html)) {
    const installation = data.installations.find((item) => item.app_bot === userId && item.status === 'installed');
    if (!installation || userId === actor.id) continue;
    const now = ctx.clock();
    const run: SimAgentRun = {
      id: randomUUID(),
      agent_user: userId,
      installation: installation.id,
      comment: comment.id,
      source_comment: comment.id,
      creator: actor.id,
      issue: comment.issue,
      project: comment.project,
      workspace: comment.workspace,
      status: 'created',
      type: 'comment_thread',
      started_at: now,
      ended_at: null,
      created_at: now,
      updated_at: now,
    };
    data.agentRuns.push(run);
    ctx.webhooks.emit('agent_run_create', 'created', agentRunCreated(ctx, run), { actor });
  }
}
