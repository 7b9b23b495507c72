import type { JsonObject, PyJson } from '../format/python-json';
import type { SimUser } from '../resources/members/record';
import { userLite } from '../resources/members/serializer';
import type { SimInstallation } from '../simulator-data';

export type WebhookAction = 'created' | 'updated' | 'deleted';

/** Who did it and, for updates, which field changed from what to what (`model_activity`). */
interface ModelActivity {
  actor: SimUser;
  field?: string;
  oldValue?: PyJson;
  newValue?: PyJson;
}

/**
 * The envelope's `activity`: a model change's, or the payload again, as agent webhooks send it
 * (EE bgtasks/agent_run_webhook.py: `activity=event_data`).
 */
export type ActivityInput = ModelActivity | { readonly sameAsData: true };

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
    activity:
      'sameAsData' in activity
        ? data
        : {
            field: activity.field ?? null,
            new_value: activity.newValue ?? null,
            old_value: activity.oldValue ?? null,
            actor: userLite(activity.actor),
            old_identifier: null,
            new_identifier: null,
          },
  };
}
