import type { ActionContext } from '../../context';
import type { JsonObject } from '../../format/python-json';
import type { SimAgentActivity, SimAgentRun } from './record';
import { agentActivityWebhookJson, agentRunWebhookJson } from './serializer';

type AgentEvent = 'agent_run_create' | 'agent_run_user_prompt';

/** One agent webhook to send: the event and its payload. */
export interface AgentWebhook {
  readonly event: AgentEvent;
  readonly payload: JsonObject;
}

/**
 * `agent_run_create`'s payload, keys in the order of EE apps/api/plane/agents/bgtasks/
 * agent_run_webhook.py:38-48 (the docs show the same order), `type` last. Built when the run is
 * made, before its prompt moves it on: so its `status` is `created`.
 */
export function runCreated(ctx: ActionContext, run: SimAgentRun): AgentWebhook {
  const payload: JsonObject = {
    action: 'created',
    agent_run: agentRunWebhookJson(run),
    agent_user_id: run.agent_user,
    app_client_id: ctx.data.application.client_id,
    issue_id: run.issue,
    project_id: run.project,
    workspace_id: run.workspace,
    comment_id: run.comment,
    type: 'agent_run',
  };
  return { event: 'agent_run_create', payload };
}

/**
 * `agent_run_user_prompt`'s payload for a user's activity, keys in the order of EE
 * apps/api/plane/agents/bgtasks/agent_run_activity_webhook.py:51-62: `comment_id` is the prompt's
 * own comment (null for Stop), and the run is read at send time (`in_progress`, or `stopping`).
 */
export function userActivity(ctx: ActionContext, run: SimAgentRun, activity: SimAgentActivity): AgentWebhook {
  const payload: JsonObject = {
    action: 'prompted',
    agent_run_activity: agentActivityWebhookJson(activity),
    agent_run: agentRunWebhookJson(run),
    agent_user_id: run.agent_user,
    app_client_id: ctx.data.application.client_id,
    comment_id: activity.comment,
    issue_id: run.issue,
    project_id: run.project,
    workspace_id: run.workspace,
    type: 'agent_run_activity',
  };
  return { event: 'agent_run_user_prompt', payload };
}

/**
 * Sends agent webhooks as Plane does: each from its own Celery task through the v1 sender, in the
 * envelope with `action: "created"` and the payload as both `data` and `activity`
 * (`webhook_send_task(..., action="created", event_data=X, activity=X)`), to the run's app only.
 * With `webhookOrder: 'concurrent'` they are posted at once, in an order drawn from `random`, so
 * either may arrive first; `create-first` / `prompt-first` post them one after the other.
 */
export function sendAgentWebhooks(ctx: ActionContext, run: SimAgentRun, hooks: readonly AgentWebhook[]): void {
  const { webhookOrder, random } = ctx.agentRuns;
  // `hooks` come create first; only a pair has an order to draw.
  const drawn = webhookOrder === 'concurrent' && hooks.length > 1 && random() < 0.5;
  const ordered = webhookOrder === 'prompt-first' || drawn ? [...hooks].reverse() : hooks;
  for (const hook of ordered) {
    ctx.webhooks.emit(
      hook.event,
      'created',
      hook.payload,
      { sameAsData: true },
      { concurrent: webhookOrder === 'concurrent', installation: run.installation },
    );
  }
}
