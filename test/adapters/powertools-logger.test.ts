import { Logger } from '@aws-lambda-powertools/logger';
import { createPowertoolsLogger } from '../../lambdas/adapters/powertools-logger';
import { registerSecret } from '../../lambdas/core/redact';

const TOKEN = 'pln_bot_EXAMPLE1234567890abcdef';
const CLIENT_SECRET = 'client-secret-value-for-redaction';

function capture(): { lines: () => Array<Record<string, unknown>>; restore: () => void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

test('a handler that logs a token, a secret and a payload by mistake leaves none of them in the log', () => {
  registerSecret(CLIENT_SECRET);
  const out = capture();
  try {
    const { log } = createPowertoolsLogger(new Logger({ serviceName: 'plane-app', logLevel: 'DEBUG' }));
    log.child({ workspaceId: 'ws-1', event: 'issue.created' }).info(`calling Plane with Bearer ${TOKEN}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      access_token: TOKEN,
      note: `secret is ${CLIENT_SECRET}`,
      body: '{"event": "issue"}',
      comment_html: '<p>private</p>',
      count: 3,
    });
  } finally {
    out.restore();
  }
  const [line] = out.lines();
  const text = JSON.stringify(line);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain('private');
  expect(text).not.toContain('"event": "issue"');
  expect(line).toMatchObject({
    level: 'INFO',
    service: 'plane-app',
    workspaceId: 'ws-1',
    event: 'issue.created',
    count: 3,
    access_token: '[redacted]',
    body: '[redacted]',
  });
  expect(line.message).toBe('calling Plane with [redacted]');
});
