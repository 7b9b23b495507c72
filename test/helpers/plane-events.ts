/**
 * The events handlers receive, built as lambdas/core/envelope.ts parses Plane's webhooks, for
 * unit tests of handlers. The wire shapes are Plane's: the v1 envelope and its `activity` from
 * makeplane/plane apps/api/plane/bgtasks/webhook_task.py (`webhook_send_task`, `model_activity`);
 * the agent payloads from makeplane/developer-docs docs/dev-tools/agents/building-an-agent.md,
 * wrapped in that same envelope as the server sends them (/work/shared/PLANE-FACTS.md, "Agents").
 */
import { parseEnvelope } from '../../lambdas/core/envelope';
import type { AgentPromptData, AgentRun, AgentRunData, CommentData, PlaneEvent } from '../../lambdas/core/events';
import { FAKE_WORKSPACE_ID } from './fake-handler-context';
import { FAKE_BOT_USER_ID } from './fake-plane-client';

/** The user who comments and prompts in these events, unless a test says otherwise. */
export const FAKE_USER_ID = 'fake-user';

/**
 * A mention of `userId` as Plane writes it in `comment_html`: an empty custom element
 * (apps/api/plane/bgtasks/notification_task.py reads `mention-component[entity_name=user_mention]`,
 * apps/api/plane/utils/content_validator.py allows `id`, `entity_identifier`, `entity_name`).
 */
export function mentionHtml(userId: string): string {
  const attributes = `id="fake-mention" entity_identifier="${userId}" entity_name="user_mention"`;
  return `<mention-component ${attributes}></mention-component>`;
}

/** A v1 envelope, parsed: `actorId` comes from `activity.actor.id`, as the kit reads it. */
function v1Event<D extends Record<string, unknown>>(event: string, action: string, data: D, actorId: string) {
  const activity = { field: null, new_value: null, old_value: null, actor: { id: actorId, display_name: actorId } };
  const envelope = { event, action, webhook_id: 'fake-webhook', workspace_id: FAKE_WORKSPACE_ID, data, activity };
  const parsed: PlaneEvent<D> = {
    name: `${event}.${action}`,
    event,
    action,
    version: 'v1',
    workspaceId: FAKE_WORKSPACE_ID,
    webhookId: envelope.webhook_id,
    data,
    activity: { ...activity, old_identifier: null, new_identifier: null },
    actorId,
    payload: envelope,
  };
  return parsed;
}

export interface CommentOptions {
  /** The comment's `comment_html`, e.g. `<p>${mentionHtml(FAKE_BOT_USER_ID)} summary</p>`. */
  readonly html: string;
  readonly projectId: string;
  readonly workItemId: string;
  /** Who wrote it. Default {@link FAKE_USER_ID}. */
  readonly actorId?: string;
  /** Default `fake-comment`. */
  readonly commentId?: string;
}

/** `issue_comment.created`: someone commented on a work item. */
export function commentCreated(options: CommentOptions): PlaneEvent<CommentData> {
  const actor = options.actorId ?? FAKE_USER_ID;
  return v1Event(
    'issue_comment',
    'created',
    {
      id: options.commentId ?? 'fake-comment',
      comment_html: options.html,
      access: 'INTERNAL',
      created_by: actor,
      project: options.projectId,
      workspace: FAKE_WORKSPACE_ID,
      issue: options.workItemId,
      actor,
    },
    actor,
  );
}

export interface AgentRunOptions {
  readonly runId: string;
  /** The run's work item; `undefined` (with `projectId`) for a run without one. */
  readonly projectId?: string;
  readonly workItemId?: string;
  /** Plane's worker leaves `agent_run.created_by` null; the requester is `creator` (PLANE-FACTS.md). */
  readonly createdBy?: string | null;
  /** `agent_run.creator`, who started the run. Default {@link FAKE_USER_ID}; `null` for a payload without it. */
  readonly creator?: string | null;
  /** `wrapped` (default): in the v1 envelope, as the server sends it; `bare`: the payload alone (the docs' form). */
  readonly form?: 'wrapped' | 'bare';
}

function agentRun(options: AgentRunOptions, status: string): AgentRun {
  return {
    id: options.runId,
    status,
    type: 'comment_thread',
    created_by: options.createdBy ?? null,
    creator: options.creator === undefined ? FAKE_USER_ID : options.creator,
    issue: options.workItemId,
    project: options.projectId,
    workspace: FAKE_WORKSPACE_ID,
  };
}

/**
 * An agent event as the kit parses it from the wire: wrapped in the envelope whose `action` is
 * `created` even for prompts, with the payload as `data` and `activity`; or bare.
 */
function agentEvent<D extends AgentRunData | AgentPromptData>(event: string, data: D, form = 'wrapped'): PlaneEvent<D> {
  const envelope = { event, action: 'created', webhook_id: 'fake-webhook', workspace_id: FAKE_WORKSPACE_ID, data };
  const body = form === 'bare' ? data : { ...envelope, activity: data };
  // The parser returns the payload as `data` untouched: these are the typed payloads built above.
  return parseEnvelope(JSON.stringify(body), { eventName: event }) as PlaneEvent<D>;
}

/** `agent_run_create`: a mention in the comment `commentId` opened the run. */
export function agentRunCreated(options: AgentRunOptions & { readonly commentId?: string }): PlaneEvent<AgentRunData> {
  return agentEvent(
    'agent_run_create',
    {
      action: 'created',
      agent_run: agentRun(options, 'created'),
      agent_user_id: FAKE_BOT_USER_ID,
      app_client_id: 'fake-client-id',
      issue_id: options.workItemId,
      project_id: options.projectId,
      workspace_id: FAKE_WORKSPACE_ID,
      comment_id: options.commentId,
      type: 'agent_run',
    },
    options.form,
  );
}

export interface AgentPromptOptions extends AgentRunOptions {
  /** `content.body`: the docs show plain text; the server sends the comment's HTML. */
  readonly body: string;
  /** Who prompted (`agent_run_activity.actor`). Default {@link FAKE_USER_ID}; `null` leaves it out. */
  readonly actorId?: string | null;
  /** `stop` when the user pressed Stop. Default `continue`. */
  readonly signal?: 'continue' | 'stop';
  /** The prompt activity's id. Default `fake-activity`. */
  readonly activityId?: string;
}

/** `agent_run_user_prompt`: the user's prompt (the first mention or a reply in the run's thread), or Stop. */
export function agentPrompt(options: AgentPromptOptions): PlaneEvent<AgentPromptData> {
  return agentEvent(
    'agent_run_user_prompt',
    {
      action: 'prompted',
      agent_run_activity: {
        id: options.activityId ?? 'fake-activity',
        content: { type: 'prompt', body: options.body },
        signal: options.signal ?? 'continue',
        type: 'prompt',
        agent_run: options.runId,
        actor: options.actorId === undefined ? FAKE_USER_ID : (options.actorId ?? undefined),
      },
      agent_run: agentRun(options, 'in_progress'),
      agent_user_id: FAKE_BOT_USER_ID,
      app_client_id: 'fake-client-id',
      issue_id: options.workItemId,
      project_id: options.projectId,
      workspace_id: FAKE_WORKSPACE_ID,
      type: 'agent_run_activity',
    },
    options.form,
  );
}
