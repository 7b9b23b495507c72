import { randomUUID } from 'node:crypto';
import { signBody } from '../../lambdas/core/signature';
import { type PyJson, pythonJsonDumps } from '../../lambdas/local/plane-simulator';

/** Python's json.dumps(obj) with default settings, as Plane writes webhook bodies. */
export const pythonJson = (value: unknown): string => pythonJsonDumps(value as PyJson);

export interface WebhookOptions {
  event?: string;
  action?: string;
  workspaceId?: string;
  data?: Record<string, unknown>;
  actorId?: string;
}

/** A v1 envelope, keys in Plane's order. */
export function v1Envelope(options: WebhookOptions = {}): Record<string, unknown> {
  return {
    event: options.event ?? 'issue',
    action: options.action ?? 'created',
    webhook_id: 'b7e42a19-3c5d-4f80-9a26-8d1c0f4e7b53',
    workspace_id: options.workspaceId ?? 'ws-1',
    data: options.data ?? { id: randomUUID(), name: 'Caf\u00e9 menu', priority: 'high' },
    activity: {
      field: null,
      new_value: null,
      old_value: null,
      actor: {
        id: options.actorId ?? 'user-1',
        first_name: 'Ada',
        last_name: 'L',
        email: 'ada@example.com',
        avatar: '',
        avatar_url: null,
        display_name: 'ada',
      },
      old_identifier: null,
      new_identifier: null,
    },
  };
}

/** Headers exactly as Plane's sender writes them (mixed case; API Gateway lower-cases them). */
export function planeHeaders(body: string | Buffer, secret: string, event = 'issue'): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Autopilot',
    'X-Plane-Delivery': randomUUID(),
    'X-Plane-Event': event,
    'X-Plane-Signature': signBody(body, secret),
  };
}

export function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
