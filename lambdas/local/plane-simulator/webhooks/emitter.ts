import type { JsonObject } from '../format/python-json';
import type { SimulatorData } from '../simulator-data';
import { type ActivityInput, type WebhookAction, webhookEnvelope } from './envelope';
import type { WebhookSender } from './sender';

/** Turns changes into v1 webhooks for every installed app whose Webhook URL is set. */
export interface WebhookEmitter {
  /**
   * Sends one webhook: `event` (`issue`, `project`, `agent_run_create`, ...), `action`, the
   * serialized record as `data` (only `{"id": ...}` for `deleted`, as Plane sends), and who did it.
   */
  emit(event: string, action: WebhookAction, data: JsonObject, activity: ActivityInput): void;
}

export interface WebhookEmitterOptions {
  data: SimulatorData;
  sender: WebhookSender;
  webhookUrl: () => string | undefined;
}

/** Creates the emitter over the installations in `data`. */
export function createWebhookEmitter(options: WebhookEmitterOptions): WebhookEmitter {
  const { data, sender } = options;
  return {
    emit(event, action, body, activity) {
      const url = options.webhookUrl();
      if (!url) return;
      for (const installation of data.installations) {
        if (installation.status !== 'installed') continue;
        sender.send(url, event, webhookEnvelope(event, action, installation, body, activity));
      }
    },
  };
}
