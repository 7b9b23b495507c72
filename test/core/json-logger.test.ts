import { createJsonLogger, type JsonLoggerOptions } from '../../lambdas/core/json-logger';
import { registerSecret } from '../../lambdas/core/redact';
import { T0 } from './helpers';

function capture(options: Omit<JsonLoggerOptions, 'write' | 'clock'> = {}) {
  const raw: string[] = [];
  const log = createJsonLogger({ clock: () => T0, ...options, write: (line) => raw.push(line) });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, raw, lines };
}

describe('createJsonLogger', () => {
  it('writes one JSON line with level, message, timestamp, service and fields', () => {
    const { log, lines } = capture({ service: 'ingest' });
    log.info('webhook queued', { dedupKey: 'sha256:ab', workspaceId: 'ws-1' });
    expect(lines()).toEqual([
      {
        level: 'INFO',
        message: 'webhook queued',
        timestamp: '2025-03-01T09:15:27.000Z',
        service: 'ingest',
        dedupKey: 'sha256:ab',
        workspaceId: 'ws-1',
      },
    ]);
  });

  it('writes each entry as a single line', () => {
    const { log, raw } = capture();
    log.info('multi\nline', { note: 'a\nb' });
    expect(raw.map((line) => line.includes('\n'))).toEqual([false]);
  });

  it('drops debug lines at the default level (info)', () => {
    const { log, lines } = capture();
    log.debug('noise');
    log.info('kept');
    expect(lines().map((line) => line.message)).toEqual(['kept']);
  });

  it('keeps only warn and error at level warn', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines().map((line) => line.level)).toEqual(['WARN', 'ERROR']);
  });

  it('keeps every level at level debug', () => {
    const { log, lines } = capture({ level: 'debug' });
    log.debug('d');
    log.error('e');
    expect(lines().map((line) => line.level)).toEqual(['DEBUG', 'ERROR']);
  });

  it('adds a child’s fields to every line it writes', () => {
    const { log, lines } = capture();
    const child = log.child({ dedupKey: 'sha256:ab', event: 'issue.created' });
    child.info('one');
    child.warn('two', { attempt: 2 });
    expect(lines().map(({ message, dedupKey, event, attempt }) => ({ message, dedupKey, event, attempt }))).toEqual([
      { message: 'one', dedupKey: 'sha256:ab', event: 'issue.created', attempt: undefined },
      { message: 'two', dedupKey: 'sha256:ab', event: 'issue.created', attempt: 2 },
    ]);
  });

  it('merges a grandchild’s fields with its parent’s', () => {
    const { log, lines } = capture();
    log.child({ workspaceId: 'ws-1' }).child({ dedupKey: 'sha256:ab' }).info('deep');
    expect(lines()[0]).toMatchObject({ workspaceId: 'ws-1', dedupKey: 'sha256:ab' });
  });

  it('leaves the parent’s lines without the child’s fields', () => {
    const { log, lines } = capture();
    log.child({ dedupKey: 'sha256:ab' });
    log.info('parent');
    expect(lines()[0]).not.toHaveProperty('dedupKey');
  });

  it('keeps the child’s level filter', () => {
    const { log, lines } = capture({ level: 'error' });
    log.child({ a: 1 }).warn('dropped');
    expect(lines()).toEqual([]);
  });

  it('masks secret fields', () => {
    const { log, raw } = capture();
    log.info('token renewed', { access_token: 'pln_bot_abcdef123456', body: '{"event": "issue"}' });
    expect(JSON.parse(raw[0] ?? '{}')).toMatchObject({ access_token: '[redacted]', body: '[redacted]' });
  });

  it('cuts a registered secret out of the message', () => {
    registerSecret('wh-secret-logger-01234');
    const { log, raw } = capture();
    log.error('verification with wh-secret-logger-01234 failed');
    expect(raw.join('\n')).not.toContain('wh-secret-logger-01234');
  });

  it('masks a Bearer token in a child’s fields', () => {
    const { log, raw } = capture();
    log.child({ header: 'Bearer abcdefgh12345678' }).info('call');
    expect(raw.join('\n')).not.toContain('abcdefgh12345678');
  });

  it('keeps its own message when the fields carry a "message" key', () => {
    const { log, lines } = capture();
    log.warn('webhook rejected', { reason: 'invalid_signature', message: 'invalid signature' });
    expect(lines()[0]?.message).toBe('webhook rejected');
  });

  it('keeps its own level when the fields carry a "level" key', () => {
    const { log, lines } = capture();
    log.error('disk full', { level: 'debug' });
    expect(lines()[0]?.level).toBe('ERROR');
  });
});
