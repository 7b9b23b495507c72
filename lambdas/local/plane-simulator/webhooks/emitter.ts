import type { PyJson } from '../format/python-json';
import type { SimAgentRun, SimComment, SimInstallation, SimUser, SimulatorData, SimWorkItem } from '../records';
import { agentRunJson, commentJson, type JsonObject, userLite, workItemWebhookData } from '../serializers';
import type { WebhookSender } from './sender';

export type WebhookAction = 'created' | 'updated' | 'deleted';

/** Who did it and, for updates, which field changed from what to what. */
export interface ActivityInput {
  actor: SimUser;
  field?: string;
  oldValue?: PyJson;
  newValue?: PyJson;
}

/** Turns changes into v1 webhooks for every installed app whose Webhook URL is set. */
export interface WebhookEmitter {
  issue(action: WebhookAction, item: SimWorkItem, activity: ActivityInput): void;
  comment(action: WebhookAction, comment: SimComment, activity: ActivityInput): void;
  agentRunCreate(run: SimAgentRun, activity: ActivityInput): void;
}

export interface WebhookEmitterOptions {
  data: SimulatorData;
  sender: WebhookSender;
  webhookUrl: () => string | undefined;
}

/**
 * The v1 envelope, keys in the order Plane's `webhook_send_task` builds them: `event`, `action`,
 * `webhook_id`, `workspace_id`, `data`, `activity`.
 */
export function webhookEnvelope(
  event: string,
  action: WebhookAction,
  installation: SimInstallation,
  data: JsonObject,
  activity: ActivityInput,
): JsonObject {
  return {
    event,
    action,
    webhook_id: installation.webhook,
    workspace_id: installation.workspace,
    data,
    activity: {
      field: activity.field ?? null,
      new_value: activity.newValue ?? null,
      old_value: activity.oldValue ?? null,
      actor: userLite(activity.actor),
      old_identifier: null,
      new_identifier: null,
    },
  };
}

/** Creates the emitter. A `deleted` event carries only `{"id": ...}` as its data, as in Plane. */
export function createWebhookEmitter(options: WebhookEmitterOptions): WebhookEmitter {
  const { data, sender } = options;
  const targets = (): Array<{ url: string; installation: SimInstallation }> => {
    const url = options.webhookUrl();
    if (!url) return [];
    return data.installations
      .filter((item) => item.status === 'installed')
      .map((installation) => ({ url, installation }));
  };
  const emit = (event: string, action: WebhookAction, body: () => JsonObject, activity: ActivityInput): void => {
    for (const { url, installation } of targets()) {
      sender.send(url, event, webhookEnvelope(event, action, installation, body(), activity));
    }
  };
  return {
    issue(action, item, activity) {
      emit('issue', action, () => (action === 'deleted' ? { id: item.id } : workItemWebhookData(item, data)), activity);
    },
    comment(action, comment, activity) {
      emit('issue_comment', action, () => (action === 'deleted' ? { id: comment.id } : commentJson(comment)), activity);
    },
    agentRunCreate(run, activity) {
      const url = options.webhookUrl();
      const installation = data.installations.find(
        (item) => item.id === run.installation && item.status === 'installed',
      );
      if (!url || !installation || !data.application.agent_mentions) return;
      const payload: JsonObject = {
        type: 'agent_run',
        agent_run: agentRunJson(run),
        agent_user_id: run.agent_user,
        app_client_id: data.application.client_id,
        issue_id: run.issue,
        project_id: run.project,
        workspace_id: run.workspace,
        comment_id: run.comment,
      };
      sender.send(
        url,
        'agent_run_create',
        webhookEnvelope('agent_run_create', 'created', installation, payload, activity),
      );
    },
  };
}
