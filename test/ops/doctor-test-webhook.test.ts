import { signedTestWebhook } from '../../bin/ops/doctor/test-webhook';
import { dedupKeyOf, parseEnvelope } from '../../lambdas/core/envelope';
import { verifySignature } from '../../lambdas/core/signature';

const SECRET = 'whsec-doctor-0123456789';

/** What ingest would make of the webhook doctor sends. */
function received(subscriptions?: readonly string[]) {
  const webhook = signedTestWebhook(SECRET, subscriptions);
  if (!webhook) return undefined;
  const event = parseEnvelope(webhook.body.toString('utf8'), { eventName: webhook.headers['X-Plane-Event'] });
  return { webhook, event };
}

test('a stage from before subscriptions (ingest queues everything) gets the usual comment webhook', () => {
  expect(received()?.event.name).toBe('issue_comment.created');
});

test('it sends an event the stage subscribes to: the agent prompt for an agent', () => {
  const sent = received(['agent_run_create', 'agent_run_user_prompt']);
  expect(sent?.webhook.headers['X-Plane-Event']).toBe('agent_run_user_prompt');
  expect(sent?.webhook.name).toBe('agent_run_user_prompt.prompted');
});

test.each([
  [['*'], 'issue_comment.created'],
  [['issue.*'], 'issue.created'],
  [['*.deleted'], 'issue.deleted'],
  [['cycle.*'], 'cycle.doctor'],
  [['project.created', 'issue_comment.deleted'], 'project.created'],
])('subscriptions %j: sends %s', (subscriptions, name) => {
  expect(received(subscriptions)?.event.name).toBe(name);
});

test('signed over its bytes, for a workspace of its own, with the dedup key ingest computes', () => {
  const first = received(['cycle.*']);
  const second = received(['cycle.*']);
  if (!first || !second) throw new Error('no webhook');
  expect(verifySignature(first.webhook.body, first.webhook.headers['X-Plane-Signature'], [SECRET])).toBe(true);
  expect(first.event.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
  expect(first.event.workspaceId).not.toBe(second.event.workspaceId);
  expect(first.webhook.dedupKey).toBe(dedupKeyOf(first.webhook.body, first.event));
});

test('an app that subscribes to nothing gets none: there is nothing the processor would log', () => {
  expect(signedTestWebhook(SECRET, [])).toBeUndefined();
});
