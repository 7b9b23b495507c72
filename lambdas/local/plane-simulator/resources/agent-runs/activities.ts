import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../../../../core/html-page';
import type { ActionContext } from '../../context';
import { httpError, SimHttpError } from '../../http/http-io';
import { forbidden } from '../../rest/api-route';
import { createComment } from '../comments/actions';
import type { SimUser } from '../members/record';
import type { AgentActivityType, AgentRunStatus, SimAgentActivity, SimAgentRun } from './record';

/** What posting an activity does to its run (`prompt` comes from users, not the API). */
const STATUS_AFTER: Readonly<Record<Exclude<AgentActivityType, 'prompt'>, AgentRunStatus>> = {
  thought: 'in_progress',
  action: 'in_progress',
  response: 'completed',
  elicitation: 'awaiting',
  error: 'failed',
};

const SIGNALS = ['auth_request', 'continue', 'select', 'stop'];

function parseContent(type: string, content: unknown): Record<string, unknown> {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new SimHttpError(400, { content: ['This field is required.'] });
  }
  const record = content as Record<string, unknown>;
  if (type === 'action') {
    if (typeof record.action !== 'string' || record.action === '') {
      throw httpError(400, 'An action activity needs content.action');
    }
    const parameters = record.parameters ?? {};
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw httpError(400, 'content.parameters must be an object');
    }
    return { type: 'action', action: record.action, parameters };
  }
  if (typeof record.body !== 'string') throw httpError(400, `A ${type} activity needs content.body`);
  return { type, body: record.body };
}

/** Agent replies are markdown-ish text: wrap plain text in a paragraph, keep HTML as it is. */
function responseHtml(body: string): string {
  return body.trim().startsWith('<') ? body : `<p>${escapeHtml(body)}</p>`;
}

/**
 * `POST /runs/{id}/activities/`: only the run's own bot may post. Changes the run's status, and
 * a `response` posts the bot's reply comment.
 */
export function addActivity(
  ctx: ActionContext,
  actor: SimUser,
  run: SimAgentRun,
  body: Record<string, unknown>,
): SimAgentActivity {
  const { data } = ctx;
  if (actor.id !== run.agent_user) throw forbidden();
  const type = body.type;
  if (typeof type !== 'string' || !(type in STATUS_AFTER)) {
    throw new SimHttpError(400, { type: [`"${String(type)}" is not a valid choice.`] });
  }
  const kind = type as keyof typeof STATUS_AFTER;
  const content = parseContent(kind, body.content);
  const signal = body.signal ?? 'continue';
  if (typeof signal !== 'string' || !SIGNALS.includes(signal)) {
    throw new SimHttpError(400, { signal: [`"${String(signal)}" is not a valid choice.`] });
  }
  let commentId: string | null = null;
  if (kind === 'response') {
    const item = data.workItems.find((candidate) => candidate.id === run.issue);
    if (!item) throw httpError(404, 'Work item not found');
    const reply = createComment(ctx, actor, item, { comment_html: responseHtml(String(content.body)) });
    commentId = reply.id;
  }
  const now = ctx.clock();
  const activity: SimAgentActivity = {
    id: randomUUID(),
    agent_run: run.id,
    type: kind,
    content,
    signal,
    ephemeral: kind === 'thought' || kind === 'action',
    comment: commentId,
    actor: actor.id,
    project: run.project,
    workspace: run.workspace,
    created_at: now,
    updated_at: now,
  };
  data.agentActivities.push(activity);
  run.status = STATUS_AFTER[kind];
  run.updated_at = now;
  if (run.status === 'completed' || run.status === 'failed') run.ended_at = now;
  return activity;
}
