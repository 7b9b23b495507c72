import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localChecks } from '../../bin/ops/doctor/local-checks';
import { runChecks } from '../../bin/ops/doctor/report';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { createBrowser } from '../helpers/browser';

let app: LocalApp;
beforeAll(async () => {
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ colour: false, write: () => undefined }),
  });
});
afterAll(async () => {
  await app?.stop();
});

/** `npm run doctor -- --local` against the running app, with this shell's settings (the local defaults). */
async function doctor(overrides: { url?: string; clientId?: string; webhookSecret?: string } = {}) {
  const lines: string[] = [];
  const ok = await runChecks(
    localChecks({
      url: overrides.url ?? app.appUrl,
      clientId: overrides.clientId ?? LOCAL_DEFAULTS.PLANE_CLIENT_ID,
      webhookSecret: overrides.webhookSecret ?? LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET,
    }),
    (line) => lines.push(...line.split('\n')),
  );
  return { ok, text: lines.join('\n'), lines };
}

async function install(): Promise<void> {
  const browser = createBrowser();
  const consent = await browser.get(app.installUrl);
  const { action, fields } = browser.form(consent, 'approve');
  expect((await browser.post(action, fields)).status).toBe(200);
}

test('before the install: every check passes but Installations, which says how to install', async () => {
  const { ok, lines } = await doctor();
  expect(ok).toBe(false);
  expect(lines).toEqual([
    `✓ Local app: running at ${app.appUrl}, Plane at ${app.planeUrl}`,
    '✓ Client id, client secret, webhook secret: set (the running app uses local defaults for the simulator: ' +
      'PLANE_CLIENT_ID, PLANE_CLIENT_SECRET, PLANE_WEBHOOK_SECRET)',
    `✓ Setup URL: redirects to ${app.planeUrl}/auth/o/authorize-app/ with the expected client id and this ` +
      'Redirect URI',
    '✓ Webhook URL refuses an unsigned POST: 401, as it should',
    expect.stringMatching(/^✓ Signed test webhook: answered 200 and reached the processor in [\d.]+ s /),
    '✓ Dead-letter queue: empty',
    '– Alarms: local mode has no CloudWatch alarms',
    '✗ Installations: none yet',
    `    fix: open ${app.appUrl} and click "Install the app"`,
    '1 of 8 checks failed, 1 skipped.',
  ]);
  // Doctor sent an event the app subscribes to (agent mode answers prompts), for a workspace that
  // exists nowhere: the processor logged it as skipped.
  expect(lines[4]).toMatch(/\(sent agent_run_user_prompt\.prompted; event skipped: unknown_installation\)$/);
});

test('after the install: all checks pass', async () => {
  await install();
  const { ok, text } = await doctor();
  expect(text).toContain('✓ Installations: 1 installation(s)');
  expect(text).not.toContain('✗');
  expect(text).toContain('All checks passed (7, 1 skipped).');
  expect(ok).toBe(true);
});

test('another client id and webhook secret than the running app: the consent URL and the 401 say so', async () => {
  const { ok, text } = await doctor({ clientId: 'another-client-id', webhookSecret: 'another-webhook-secret' });
  expect(ok).toBe(false);
  const fix = 'fix: start `npm start` from this folder with the same settings (environment and .env), or pass --url';
  expect(text).toContain(`✗ Setup URL: the redirect sends another client_id than expected\n    ${fix}`);
  expect(text).toContain(
    '✗ Signed test webhook: answered 401 to a webhook signed with the webhook secret doctor read\n' +
      '    fix: the running app has another PLANE_WEBHOOK_SECRET than this shell: start `npm start`',
  );
  expect(text).not.toContain('another-webhook-secret');
});

test('a parked message: the dead-letter check fails with what to do', async () => {
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: app.sqs.endpoint });
  try {
    await sqs.send(new SendMessageCommand({ QueueUrl: app.sqs.deadLetterQueueUrl, MessageBody: '{"event": "issue"}' }));
    const { ok, text } = await doctor();
    expect(ok).toBe(false);
    expect(text).toContain(
      "✗ Dead-letter queue: 1 message(s) parked\n    fix: see `npm start`'s output for 'event failed; it will be " +
        "retried' and fix the handler; a restart empties it",
    );
  } finally {
    sqs.destroy();
  }
});

test('nothing running at --url: says to start it, and skips the checks that need it', async () => {
  const { ok, lines } = await doctor({ url: 'http://127.0.0.1:9' });
  expect(ok).toBe(false);
  expect(lines[0]).toMatch(/^✗ Local app: nothing answers GET http:\/\/127\.0\.0\.1:9\/local\/health \(/);
  expect(lines[1]).toBe('    fix: start it with `npm start`, or pass --url with its address');
  expect(lines).toContain('– Setup URL: not checked: needs the Setup URL and the Redirect URI (see above)');
});
