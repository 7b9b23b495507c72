import { createHmac } from 'node:crypto';
import type { PlaneSimulator, PlaneSimulatorOptions } from '../../lambdas/local/plane-simulator';
import { installWithBotToken, SIM_WEBHOOK_SECRET, startSimulator } from './sim-harness';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './sim-receiver';

type Json = Record<string, unknown>;

/** The work-item counts the cycle and module list/detail views annotate, right after `id`. */
export const ISSUE_COUNT_KEYS = [
  'total_issues',
  'cancelled_issues',
  'completed_issues',
  'started_issues',
  'unstarted_issues',
  'backlog_issues',
];

/** A simulator with the app installed and a receiver on its Webhook URL. */
export interface InstalledSimulator {
  readonly sim: PlaneSimulator;
  readonly receiver: WebhookReceiver;
  readonly botToken: string;
  /** `/workspaces/acme/projects/<seeded project id>`, for `api()`. */
  readonly base: string;
  stop(): Promise<void>;
}

export async function startInstalledSimulator(
  overrides: Partial<PlaneSimulatorOptions> = {},
): Promise<InstalledSimulator> {
  const receiver = await startWebhookReceiver();
  const sim = await startSimulator({ webhookUrl: receiver.url, ...overrides });
  const { botToken } = await installWithBotToken(sim);
  return {
    sim,
    receiver,
    botToken,
    base: `/workspaces/acme/projects/${sim.data.projects[0].id}`,
    async stop() {
      await sim.stop();
      await receiver.close();
    },
  };
}

/** The webhooks received so far for one `X-Plane-Event`. */
export function hooksFor(receiver: WebhookReceiver, event: string): ReceivedWebhook[] {
  return receiver.received.filter((hook) => hook.headers['x-plane-event'] === event);
}

/**
 * Checks a webhook is as Plane sends it: signed over the raw bytes, the bytes of Python's
 * `json.dumps` (ASCII only, `", "` and `": "` separators), the v1 envelope keys in order.
 * Returns the parsed body.
 */
export function planeWebhook(hook: ReceivedWebhook): Json & { data: Json; activity: Json } {
  const text = hook.body.toString('utf8');
  expect(hook.headers['x-plane-signature']).toBe(
    createHmac('sha256', SIM_WEBHOOK_SECRET).update(hook.body).digest('hex'),
  );
  expect(text).not.toMatch(/[^\x20-\x7e]/);
  expect(text).not.toMatch(/[^\\]",[^ ]|[^\\]":[^ ]/);
  const body = JSON.parse(text) as Json & { data: Json; activity: Json };
  expect(Object.keys(body)).toEqual(['event', 'action', 'webhook_id', 'workspace_id', 'data', 'activity']);
  expect(body.event).toBe(hook.headers['x-plane-event']);
  return body;
}
