import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { mentionedUserIds } from '../../format/rich-text';
import type { SimComment } from '../comments/record';
import type { SimUser } from '../members/record';
import type { JsonRecord, SimAgentActivity, SimAgentRun } from './record';
import { applyActivity, checkStale, reopen } from './status';
import { type AgentWebhook, runCreated, sendAgentWebhooks, userActivity } from './webhooks';

/** What a user's prompt holds (EE bgtasks/agent_run_user_comment_task.py, views/app/agent_run.py). */
interface PromptFields {
  readonly content: JsonRecord;
  readonly comment: string | null;
  readonly ephemeral: boolean;
  readonly signal: 'continue' | 'stop';
  /** Null when Plane saves it in a worker (comment prompts), the user in a web request (Stop). */
  readonly createdBy: string | null;
}

/** Saves a user's prompt on a run and moves the run on (`in_progress`, or `stopping` for Stop). */
function addPrompt(ctx: ActionContext, run: SimAgentRun, actor: SimUser, fields: PromptFields): SimAgentActivity {
  const now = ctx.clock();
  const prompt: SimAgentActivity = {
    id: randomUUID(),
    agent_run: run.id,
    type: 'prompt',
    content: fields.content,
    content_metadata: {},
    ephemeral: fields.ephemeral,
    signal: fields.signal,
    signal_metadata: {},
    comment: fields.comment,
    actor: actor.id,
    created_by: fields.createdBy,
    updated_by: fields.createdBy,
    project: run.project,
    workspace: run.workspace,
    created_at: now,
    updated_at: now,
  };
  ctx.data.agentActivities.push(prompt);
  applyActivity(run, prompt, null);
  run.updated_by = fields.createdBy;
  return prompt;
}

/** The run of the thread `comment` belongs to (its root's), read as Plane reads it (stale check). */
function runOfThread(ctx: ActionContext, root: SimComment): SimAgentRun | undefined {
  const run = ctx.data.agentRuns.find((candidate) => candidate.comment === root.id);
  return run && checkStale(run, ctx.clock(), ctx.agentRuns.staleMs);
}

/** The first installed app bot the comment mentions, with its installation (the first `is_bot` mention wins). */
function mentionedBot(ctx: ActionContext, comment: SimComment) {
  for (const userId of mentionedUserIds(comment.comment_html)) {
    const installation = ctx.data.installations.find((item) => item.app_bot === userId && item.status === 'installed');
    if (installation) return installation;
  }
  return undefined;
}

/** A run for the thread `root`, asked for in `source` (the root itself, or a reply in it). */
function newRun(
  ctx: ActionContext,
  installation: { id: string; app_bot: string },
  root: SimComment,
  source: SimComment,
): SimAgentRun {
  const now = ctx.clock();
  return {
    id: randomUUID(),
    agent_user: installation.app_bot,
    installation: installation.id,
    comment: root.id,
    source_comment: source.id,
    creator: source.actor,
    created_by: null,
    updated_by: null,
    stopped_at: null,
    stopped_by: null,
    started_at: now,
    ended_at: null,
    external_link: null,
    issue: source.issue,
    project: source.project,
    workspace: source.workspace,
    status: 'created',
    error_metadata: {},
    type: 'comment_thread',
    created_at: now,
    updated_at: now,
  };
}

/**
 * What a user's new comment does to agent runs (EE bgtasks/agent_run_user_comment_task.py), with
 * "Enable App Mentions" on: a top-level comment that mentions an installed app's bot opens a run
 * and sends `agent_run_create` and `agent_run_user_prompt`; any reply in a thread that has a run
 * (mention or not) reopens a finished run and sends `agent_run_user_prompt`. The prompt's body is
 * the comment's HTML, mention included.
 */
export function promptAgentRuns(ctx: ActionContext, actor: SimUser, comment: SimComment): void {
  if (!ctx.data.application.agent_mentions) return;
  const root = (comment.parent && ctx.data.comments.find((item) => item.id === comment.parent)) || comment;
  let run = runOfThread(ctx, root);
  const hooks: AgentWebhook[] = [];
  if (run) reopen(run);
  else {
    const installation = mentionedBot(ctx, comment);
    if (!installation) return;
    run = newRun(ctx, installation, root, comment);
    ctx.data.agentRuns.push(run);
    hooks.push(runCreated(ctx, run));
  }
  const prompt = addPrompt(ctx, run, actor, {
    // Postgres jsonb hands keys back ordered by length, then bytes: body before type.
    content: { body: comment.comment_html, type: 'prompt' },
    comment: comment.id,
    ephemeral: false,
    signal: 'continue',
    createdBy: null,
  });
  hooks.push(userActivity(ctx, run, prompt));
  sendAgentWebhooks(ctx, run, hooks);
}

/**
 * The Stop button: `POST /api/workspaces/{slug}/runs/{id}/stop/` of Plane's web app (EE
 * apps/api/plane/agents/views/app/agent_run.py `stop_run`): an ephemeral prompt with
 * `signal: "stop"`, content `{"type": "text", "body": "Stopping"}` and no comment; the run goes
 * `stopping` and the app gets `agent_run_user_prompt`.
 */
export function stopAgentRun(ctx: ActionContext, actor: SimUser, run: SimAgentRun): SimAgentActivity {
  checkStale(run, ctx.clock(), ctx.agentRuns.staleMs);
  const stop = addPrompt(ctx, run, actor, {
    content: { body: 'Stopping', type: 'text' },
    comment: null,
    ephemeral: true,
    signal: 'stop',
    createdBy: actor.id,
  });
  sendAgentWebhooks(ctx, run, [userActivity(ctx, run, stop)]);
  return stop;
}
