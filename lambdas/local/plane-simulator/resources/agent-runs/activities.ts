import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { insertComment } from '../comments/insert';
import type { SimUser } from '../members/record';
import { readActivityInput } from './activity-input';
import type { SimAgentActivity, SimAgentRun } from './record';
import { applyActivity } from './status';
import { sendAgentWebhooks, userActivity } from './webhooks';

/** Forced ephemeral whatever the request says (EE models/agent_run.py `EPHEMERAL_ACTIVITY_TYPES`). */
const EPHEMERAL: readonly string[] = ['action', 'thought', 'error'];

/**
 * The agent's reply as Plane writes it (EE apps/api/plane/agents/utils/handlers/
 * run_agent_activity.py): `<p>{body}</p>` with the body inserted raw, by the bot, as a reply to the
 * run's thread (access copied from it). No webhook. A run without a thread takes this comment as one.
 */
function replyComment(ctx: ActionContext, run: SimAgentRun, activity: SimAgentActivity): string | null {
  if (!run.issue || !run.project) return null;
  const thread = ctx.data.comments.find((comment) => comment.id === run.comment);
  const comment = insertComment(
    ctx,
    activity.actor,
    { issue: run.issue, project: run.project, workspace: run.workspace },
    {
      comment_html: `<p>${String(activity.content.body)}</p>`,
      access: thread?.access ?? 'INTERNAL',
      external_source: null,
      external_id: null,
      parent: thread?.id ?? null,
    },
  );
  if (!thread) {
    run.comment = comment.id;
    run.source_comment = comment.id;
  }
  return comment.id;
}

/** Who pressed Stop on the run last: the response that stops it records them as `stopped_by`. */
function lastStopper(ctx: ActionContext, run: SimAgentRun): string | null {
  const stops = ctx.data.agentActivities.filter((item) => item.agent_run === run.id && item.signal === 'stop');
  return stops.at(-1)?.actor ?? null;
}

/**
 * `POST /api/v1/workspaces/{slug}/runs/{id}/activities/` (EE views/api/agent_run_activity.py):
 * validates as Plane does (activity-input.ts), saves, moves the run (status.ts). An activity of the
 * run's bot that is not ephemeral becomes its reply comment; an activity posted with anyone else's
 * credentials makes no comment and goes to the app as `agent_run_user_prompt` (EE
 * models/agent_run.py `save`). There is no idempotency key: the same request twice is two activities.
 */
export function postActivity(
  ctx: ActionContext,
  actor: SimUser,
  run: SimAgentRun,
  body: Record<string, unknown>,
): SimAgentActivity {
  const input = readActivityInput(body);
  const now = ctx.clock();
  const activity: SimAgentActivity = {
    id: randomUUID(),
    agent_run: run.id,
    type: input.type,
    content: input.content,
    content_metadata: input.content_metadata,
    ephemeral: EPHEMERAL.includes(input.type) || input.ephemeral,
    signal: input.signal,
    signal_metadata: input.signal_metadata,
    comment: null,
    actor: actor.id,
    created_by: actor.id,
    updated_by: actor.id,
    project: run.project,
    workspace: run.workspace,
    created_at: now,
    updated_at: now,
  };
  ctx.data.agentActivities.push(activity);
  applyActivity(run, activity, input.type === 'response' ? lastStopper(ctx, run) : null);
  run.updated_by = actor.id;
  if (actor.id !== run.agent_user) sendAgentWebhooks(ctx, run, [userActivity(ctx, run, activity)]);
  else if (!activity.ephemeral) activity.comment = replyComment(ctx, run, activity);
  return activity;
}
