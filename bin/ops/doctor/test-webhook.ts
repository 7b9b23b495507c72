import { randomUUID } from 'node:crypto';
import { dedupKeyOf } from '../../../lambdas/core/envelope';
import { signBody } from '../../../lambdas/core/signature';
import { FIXTURES, withWorkspace } from '../../../lambdas/local/fixtures';
import { pythonJsonDumps } from '../../../lambdas/local/plane-simulator';

export interface TestWebhook {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  /** The key the processor logs the event under (a hash of the body, as ingest computes it). */
  readonly dedupKey: string;
}

/**
 * A comment webhook written as Plane writes it (Python json.dumps, HMAC-SHA256 hex of the body:
 * PLANE-FACTS.md), for a workspace that exists nowhere. Its random workspace id makes the body,
 * and so the dedup key, unique; the processor skips it (unknown_installation, or unhandled) and
 * logs that, which is how doctor sees that it arrived. It touches no installation.
 */
export function signedTestWebhook(secret: string): TestWebhook {
  const fixture = FIXTURES['issue_comment-created'];
  const body = Buffer.from(pythonJsonDumps(withWorkspace(fixture.body, randomUUID())), 'utf8');
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Autopilot',
      'X-Plane-Event': fixture.event,
      'X-Plane-Delivery': randomUUID(),
      'X-Plane-Signature': signBody(body, secret),
    },
    dedupKey: dedupKeyOf(body, {}),
  };
}
