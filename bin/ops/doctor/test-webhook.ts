import { randomUUID } from 'node:crypto';
import { dedupKeyOf, parseEnvelope } from '../../../lambdas/core/envelope';
import { signBody } from '../../../lambdas/core/signature';
import { routingNames, subscribedBy } from '../../../lambdas/core/subscriptions';
import { FIXTURES, withWorkspace } from '../../../lambdas/local/fixtures';
import { type PyJson, pythonJsonDumps } from '../../../lambdas/local/plane-simulator';

export interface TestWebhook {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  /** The key the processor logs the event under (a hash of the body, as ingest computes it). */
  readonly dedupKey: string;
  /** Its routing name, e.g. `issue_comment.created`. */
  readonly name: string;
}

/** Fixtures doctor may send, the usual first: the comment is what the kit always sent before subscriptions. */
const CANDIDATES = [
  'issue_comment-created',
  'issue-created',
  'issue-updated',
  'issue-deleted',
  'agent_run_user_prompt',
  'agent_run_create',
] as const;

/** What doctor sends: the `X-Plane-Event` header, and the body for a given workspace id. */
interface Choice {
  readonly event: string;
  readonly body: (workspaceId: string) => PyJson;
}

/** A plain v1 envelope for an event no fixture has (`cycle.*` becomes `cycle.doctor`). */
function envelopeFor(subscription: string): Choice {
  const name = subscription.replace(/\*/g, 'doctor');
  const dot = name.lastIndexOf('.');
  const [event, action] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, null];
  return {
    event,
    body: (workspaceId) => ({
      event,
      action,
      webhook_id: randomUUID(),
      workspace_id: workspaceId,
      data: { id: randomUUID() },
    }),
  };
}

/**
 * Picks what doctor sends: the first fixture the stage subscribes to (ingest drops the others
 * unqueued, and the processor would never log them), else an envelope made from the first
 * subscription. `subscriptions` undefined: the stage queues everything (a stack from before
 * subscriptions), so the usual comment. Undefined when the app subscribes to nothing.
 */
function pick(subscriptions: readonly string[] | undefined): Choice | undefined {
  const wanted = subscriptions ? subscribedBy(subscriptions) : () => true;
  for (const name of CANDIDATES) {
    const fixture = FIXTURES[name];
    const parsed = parseEnvelope(pythonJsonDumps(fixture.body), { eventName: fixture.event });
    if (wanted(routingNames(parsed)))
      return { event: fixture.event, body: (workspaceId) => withWorkspace(fixture.body, workspaceId) };
  }
  return subscriptions?.[0] === undefined ? undefined : envelopeFor(subscriptions[0]);
}

/**
 * A webhook written as Plane writes it (Python json.dumps, HMAC-SHA256 hex of the body:
 * PLANE-FACTS.md) of an event the stage subscribes to, for a workspace that exists nowhere. Its
 * random workspace id makes the body, and so the dedup key, unique; the processor skips it
 * (unknown_installation) and logs that, which is how doctor sees that it arrived. It touches no
 * installation. Undefined when the app subscribes to no event at all.
 */
export function signedTestWebhook(secret: string, subscriptions?: readonly string[]): TestWebhook | undefined {
  const chosen = pick(subscriptions);
  if (!chosen) return undefined;
  const body = Buffer.from(pythonJsonDumps(chosen.body(randomUUID())), 'utf8');
  const event = parseEnvelope(body.toString('utf8'), { eventName: chosen.event });
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Autopilot',
      'X-Plane-Event': chosen.event,
      'X-Plane-Delivery': randomUUID(),
      'X-Plane-Signature': signBody(body, secret),
    },
    dedupKey: dedupKeyOf(body, event),
    name: event.name,
  };
}
