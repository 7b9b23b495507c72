/**
 * `npm run send-webhook`: sends one webhook signed exactly as Plane signs it (Python json.dumps
 * body, HMAC-SHA256 hex in X-Plane-Signature) to local mode or a deployed stage.
 *
 *   npm run send-webhook                               # issue-created to http://127.0.0.1:3000/webhook,
 *                                                      # then the event inspector's link to it
 *   npm run send-webhook -- --fixture issue_comment-created --workspace <workspace id>
 *   npm run send-webhook -- --file body.json --event issue  # a body file, sent byte for byte
 *   npm run send-webhook -- --stage dev                # the stage's Webhook URL and secret (Secrets Manager)
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseSecretList, signBody } from '../lambdas/core/signature';
import { FIXTURES, withWorkspace } from '../lambdas/local/fixtures';
import { LOCAL_DEFAULTS, loadDotEnv } from '../lambdas/local/local-settings';
import { pythonJsonDumps } from '../lambdas/local/plane-simulator';
import { readStackOutputs, requireOutput } from './ops/stack-outputs';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      fixture: { type: 'string' },
      file: { type: 'string' },
      event: { type: 'string' },
      workspace: { type: 'string' },
      stage: { type: 'string' },
      list: { type: 'boolean' },
    },
  });
  if (values.list) {
    process.stdout.write(`${Object.keys(FIXTURES).join('\n')}\n`);
    return;
  }
  const dotEnv = loadDotEnv();
  let url = values.url;
  let secret: string | undefined;
  if (values.stage) {
    const outputs = await readStackOutputs(values.stage);
    url ??= requireOutput(outputs, 'WebhookUrl', '--url');
    const client = new SecretsManagerClient({});
    const value = await client.send(
      new GetSecretValueCommand({
        SecretId: requireOutput(outputs, 'WebhookSecretArn', '--url with PLANE_WEBHOOK_SECRET'),
      }),
    );
    client.destroy();
    secret = parseSecretList(value.SecretString).at(-1);
  } else {
    secret = process.env.PLANE_WEBHOOK_SECRET ?? dotEnv.PLANE_WEBHOOK_SECRET ?? LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET;
    url ??= `http://127.0.0.1:${process.env.PORT ?? dotEnv.PORT ?? LOCAL_DEFAULTS.PORT}/webhook`;
  }
  if (!secret) throw new Error('no webhook secret: set PLANE_WEBHOOK_SECRET, or pass --stage');

  let body: Buffer;
  let event = values.event;
  if (values.file) {
    body = readFileSync(values.file);
    event ??= (JSON.parse(body.toString('utf8')) as { event?: string }).event ?? 'issue';
  } else {
    const name = values.fixture ?? 'issue-created';
    const fixture = FIXTURES[name];
    if (!fixture) throw new Error(`no fixture "${name}"; there are: ${Object.keys(FIXTURES).join(', ')}`);
    body = Buffer.from(pythonJsonDumps(withWorkspace(fixture.body, values.workspace)), 'utf8');
    event ??= fixture.event;
  }
  const deliveryId = randomUUID();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Autopilot',
      'X-Plane-Event': event,
      'X-Plane-Delivery': deliveryId,
      'X-Plane-Signature': signBody(body, secret),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  process.stdout.write(`POST ${url} (${event}, ${body.length} bytes) → ${response.status} ${await response.text()}\n`);
  // Local mode records every webhook: its event inspector finds this one by its delivery id.
  const target = new URL(url);
  if (!values.stage && ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    process.stdout.write(`Inspect it: ${target.origin}/events/by-delivery/${deliveryId}\n`);
  }
  if (!response.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`send-webhook: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
