import { createLineOutput } from '../../lambdas/adapters/line-output';
import type { LogLevel } from '../../lambdas/core/logger';

function output(level: LogLevel = 'info') {
  const lines: string[] = [];
  const out = createLineOutput({
    namespace: 'PlaneApp',
    stage: 'prod',
    level,
    write: (line) => lines.push(line),
    clock: () => 1,
  });
  return { ...out, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

test("the invocation's INFO line carries the line metrics: one line, written at flush", () => {
  const { log, metrics, parsed } = output();
  metrics.count('WebhookAccepted', { Reason: 'unsubscribed' });
  log.info('webhook not subscribed', { dedupKey: 'sha256:abc' });
  expect(parsed()).toEqual([]);
  metrics.flush();
  expect(parsed()).toEqual([
    {
      dedupKey: 'sha256:abc',
      level: 'INFO',
      message: 'webhook not subscribed',
      Stage: 'prod',
      Reason: 'unsubscribed',
      WebhookAccepted: 1,
    },
  ]);
});

test('at WARN the metric fields still go out, on a line of their own', () => {
  const { log, metrics, parsed } = output('warn');
  log.info('webhook queued', { dedupKey: 'sha256:abc' });
  metrics.count('WebhookAccepted');
  metrics.flush();
  expect(parsed()).toEqual([{ Stage: 'prod', WebhookAccepted: 1 }]);
});

test('other metrics are EMF lines, and warnings are written at once', () => {
  const { log, metrics, parsed } = output();
  metrics.count('WebhookRejected', { Reason: 'invalid_signature' });
  log.warn('webhook rejected', { reason: 'invalid_signature' });
  expect(parsed()).toEqual([{ level: 'WARN', message: 'webhook rejected', reason: 'invalid_signature' }]);
  metrics.flush();
  expect(parsed()[1]).toMatchObject({
    _aws: { CloudWatchMetrics: [{ Namespace: 'PlaneApp', Metrics: [{ Name: 'WebhookRejected' }] }] },
    Stage: 'prod',
    Reason: 'invalid_signature',
    WebhookRejected: 1,
  });
});

test('a count with other dimensions goes on a line of its own; counts with the same ones add up', () => {
  const { metrics, parsed } = output();
  metrics.count('WebhookAccepted');
  metrics.count('WebhookAccepted');
  metrics.count('WebhookAccepted', { Reason: 'unsubscribed' });
  metrics.flush();
  expect(parsed()).toEqual([
    { Stage: 'prod', WebhookAccepted: 2 },
    { Stage: 'prod', Reason: 'unsubscribed', WebhookAccepted: 1 },
  ]);
});

test('a flush with nothing counted or logged writes nothing, and the next invocation starts afresh', () => {
  const { log, metrics, parsed } = output();
  metrics.flush();
  log.info('webhook queued', { dedupKey: 'sha256:one' });
  metrics.count('WebhookAccepted');
  metrics.flush();
  log.info('webhook queued', { dedupKey: 'sha256:two' });
  metrics.count('WebhookAccepted');
  metrics.flush();
  expect(parsed().map((line) => [line.dedupKey, line.WebhookAccepted])).toEqual([
    ['sha256:one', 1],
    ['sha256:two', 1],
  ]);
});
