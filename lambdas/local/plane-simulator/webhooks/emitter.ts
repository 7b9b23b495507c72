import type { JsonObject } from '../format/python-json';
import type { SimulatorData } from '../simulator-data';
import { type ActivityInput, type WebhookAction, webhookEnvelope } from './envelope';
import type { WebhookSender } from './sender';

/** How one webhook goes out. */
interface EmitOptions {
  /** Post at once, beside the queue, as Plane's separate tasks do (agent webhooks). Default: queued, in order. */
  readonly concurrent?: boolean;
  /** Only to this installation's app (agent webhooks go to the run's app). Default: every installed app. */
  readonly installation?: string;
}

/** Turns changes into v1 webhooks for every installed app whose Webhook URL is set. */
export interface WebhookEmitter {
  /**
   * Sends one webhook: `event` (`issue`, `project`, `agent_run_create`, ...), `action`, the
   * serialized record as `data` (only `{"id": ...}` for `deleted`, as Plane sends), and who did it.
   */
  emit(event: string, action: WebhookAction, data: JsonObject, activity: ActivityInput, options?: EmitOptions): void;
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
    emit(event, action, body, activity, how = {}) {
      const url = options.webhookUrl();
      if (!url) return;
      for (const installation of data.installations) {
        if (installation.status !== 'installed') continue;
        if (how.installation !== undefined && installation.id !== how.installation) continue;
        const envelope = webhookEnvelope(event, action, installation, body, activity);
        sender.send(url, event, envelope, { concurrent: how.concurrent });
      }
    },
  };
}
