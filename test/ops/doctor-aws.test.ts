import { createServer, type Server } from 'node:http';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { awsChecks } from '../../bin/ops/doctor/aws-checks';
import { runChecks } from '../../bin/ops/doctor/report';
import type { Installation } from '../../lambdas/core/installation';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { listen } from '../../lambdas/local/net';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { installation } from '../helpers/pipeline';

/**
 * The AWS-only parts of `npm run doctor -- --stage dev` against aws-sdk-client-mock: CloudFormation,
 * Secrets Manager, CloudWatch Logs, SQS and CloudWatch answer as a deployed stage would. The URLs in
 * the outputs are local mode's, so the HTTP checks talk to the real handlers; CloudWatch Logs'
 * search is answered from local mode's processor trail (GET /local/health?event=).
 */
let app: LocalApp;
let stub: Server;
let stubUrl: string;
beforeAll(async () => {
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ colour: false, write: () => undefined }),
  });
  // An API that is deployed but not configured: the setup page says what is missing; ingest takes anything.
  stub = createServer((request, response) => {
    request.resume();
    if (request.url?.startsWith('/oauth/setup')) {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('<html><title>x</title><h1>The app is not configured</h1><p>The client id is not set.</p></html>');
    } else response.writeHead(200).end('{}');
  });
  stubUrl = `http://127.0.0.1:${await listen(stub, 0, '127.0.0.1')}`;
});
afterAll(async () => {
  stub?.close();
  await app?.stop();
});

const ARN = {
  client: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ClientSecret-AbC',
  webhook: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:WebhookSecret-DeF',
};
const PLACEHOLDER = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2';

interface Stage {
  outputs?: Record<string, string> | 'missing';
  clientSecret?: string;
  webhookSecret?: string;
  /** Labelled versions of each secret: 1 = only what CloudFormation created. */
  versions?: number;
  parked?: number;
  firing?: string[];
  installations?: Installation[];
}

function outputsOf(app: LocalApp): Record<string, string> {
  return {
    AddToPlaneSetupUrl: `${app.appUrl}/oauth/setup`,
    AddToPlaneRedirectUri: `${app.appUrl}/oauth/callback`,
    AddToPlaneWebhookUrl: `${app.appUrl}/webhook`,
    ClientSecretArn: ARN.client,
    WebhookSecretArn: ARN.webhook,
    DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/PlaneApp-dev-dlq',
    TableName: 'PlaneApp-dev-Data',
    ProcessorLogGroupName: '/aws/lambda/PlaneApp-dev-Processor',
    // As the stack lists them: what ingest lets through (local mode's agent: agent_run_create and _user_prompt).
    EventSubscriptions: app.env.EVENT_SUBSCRIPTIONS,
  };
}

/** The clients of a deployed stage in the state `stage` describes (defaults: healthy, configured, installed). */
function clientsFor(stage: Stage) {
  const cloudFormation = new CloudFormationClient({ ...LOCAL_AWS });
  const stacks = mockClient(cloudFormation).on(DescribeStacksCommand);
  if (stage.outputs === 'missing') stacks.rejects(new Error('Stack with id PlaneApp-dev does not exist'));
  else
    stacks.resolves({
      Stacks: [
        {
          StackName: 'PlaneApp-dev',
          CreationTime: new Date(0),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: Object.entries(stage.outputs ?? outputsOf(app)).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });
  const secrets = new SecretsManagerClient({ ...LOCAL_AWS });
  const secretsMock = mockClient(secrets);
  const values = {
    [ARN.client]:
      stage.clientSecret ??
      JSON.stringify({ client_id: LOCAL_DEFAULTS.PLANE_CLIENT_ID, client_secret: LOCAL_DEFAULTS.PLANE_CLIENT_SECRET }),
    [ARN.webhook]: stage.webhookSecret ?? LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET,
  };
  for (const [arn, value] of Object.entries(values)) {
    secretsMock.on(GetSecretValueCommand, { SecretId: arn }).resolves({ ARN: arn, SecretString: value });
    const stages = [['AWSCURRENT'], ['AWSPREVIOUS']].slice(0, stage.versions ?? 2);
    secretsMock
      .on(DescribeSecretCommand, { SecretId: arn })
      .resolves({ ARN: arn, VersionIdsToStages: Object.fromEntries(stages.map((labels, i) => [`v${i}`, labels])) });
  }
  const logs = new CloudWatchLogsClient({ ...LOCAL_AWS });
  mockClient(logs)
    .on(FilterLogEventsCommand)
    .callsFake(async (input: { filterPattern?: string }) => {
      const key = /^"(.+)"$/.exec(input.filterPattern ?? '')?.[1] ?? '';
      const response = await fetch(`${app.appUrl}/local/health?event=${encodeURIComponent(key)}`);
      const { event } = (await response.json()) as { event: { message: string; reason?: string } | null };
      return { events: event ? [{ message: JSON.stringify({ level: 'INFO', ...event, dedupKey: key }) }] : [] };
    });
  const sqs = new SQSClient({ ...LOCAL_AWS });
  mockClient(sqs)
    .on(GetQueueAttributesCommand)
    .resolves({
      Attributes: {
        ApproximateNumberOfMessages: String(stage.parked ?? 0),
        ApproximateNumberOfMessagesNotVisible: '0',
      },
    });
  const cloudWatch = new CloudWatchClient({ ...LOCAL_AWS });
  mockClient(cloudWatch)
    .on(DescribeAlarmsCommand, { AlarmNamePrefix: 'PlaneApp-dev-', StateValue: 'ALARM' })
    .resolves({ MetricAlarms: (stage.firing ?? []).map((AlarmName) => ({ AlarmName })) });
  return {
    cloudFormation,
    secrets,
    logs,
    sqs,
    cloudWatch,
    installations: async () => stage.installations ?? [installation()],
  };
}

async function doctor(stage: Stage = {}, timeoutMs = 5_000) {
  const lines: string[] = [];
  const ok = await runChecks(awsChecks({ stage: 'dev', clients: clientsFor(stage), timeoutMs, pollMs: 50 }), (line) =>
    lines.push(line),
  );
  return { ok, text: lines.join('\n') };
}

const configure = 'fix: run `npm run configure -- --stage dev` with the values Plane shows for the app';

test('a healthy stage: every check passes, one line each, and no secret is printed', async () => {
  const { ok, text } = await doctor();
  expect(text.split('\n')).toEqual([
    '✓ Stack and outputs: PlaneApp-dev is deployed with every output doctor reads',
    '✓ Client id and client secret: set, with the client id (not shown)',
    '✓ Webhook secret: set (1 active)',
    `✓ Setup URL: redirects to ${app.planeUrl}/auth/o/authorize-app/ with the expected client id and this ` +
      'Redirect URI',
    '✓ Webhook URL refuses an unsigned POST: 401, as it should',
    expect.stringMatching(
      new RegExp(
        '^✓ Signed test webhook: answered 200 and reached the processor in \\d+\\.\\d s ' +
          '\\(sent agent_run_user_prompt\\.prompted; event skipped: unknown_installation\\)$',
      ),
    ),
    '✓ Dead-letter queue: empty',
    '✓ Alarms: none firing (prefix PlaneApp-dev-)',
    '✓ Installations: 1 installation(s): 1 installed',
    'All checks passed (9).',
  ]);
  expect(ok).toBe(true);
  for (const value of Object.values(LOCAL_DEFAULTS)) if (/secret/.test(value)) expect(text).not.toContain(value);
});

test('no stack: says how to deploy it, and every check that needs it is skipped', async () => {
  const { ok, text } = await doctor({ outputs: 'missing' });
  expect(ok).toBe(false);
  expect(text).toContain(
    '✗ Stack and outputs: could not read the outputs of stack PlaneApp-dev (Stack with id PlaneApp-dev does not ' +
      'exist)',
  );
  expect(text).toContain('fix: deploy it (npx cdk deploy -c stage=dev), or point AWS_PROFILE / AWS_REGION');
  expect(text).toContain('– Client id and client secret: not checked: the stack has no ClientSecretArn output');
  expect(text).toContain('– Signed test webhook: not checked: needs the Webhook URL and the webhook secret');
});

test('an older stack without the doctor output: names it and says to deploy the current version', async () => {
  const { ProcessorLogGroupName: _, ...older } = outputsOf(app);
  const { text } = await doctor({ outputs: older });
  expect(text).toContain(
    '✗ Stack and outputs: PlaneApp-dev has no ProcessorLogGroupName output\n' +
      '    fix: deploy the current version: npx cdk deploy -c stage=dev',
  );
});

test('secrets still the placeholders: both fail with the configure fix, the webhook test is skipped', async () => {
  const { ok, text } = await doctor({ clientSecret: PLACEHOLDER, webhookSecret: PLACEHOLDER, versions: 1 });
  expect(ok).toBe(false);
  expect(text).toContain(
    `✗ Client id and client secret: not set: the secret holds the stack placeholder\n    ${configure}`,
  );
  expect(text).toContain(`✗ Webhook secret: not set: the secret holds the stack placeholder\n    ${configure}`);
  expect(text).toContain('– Signed test webhook: not checked: needs the webhook secret (see above)');
  expect(text).not.toContain(PLACEHOLDER);
});

test('a client secret stored as a plain string still passes (the client id comes from planeClientId)', async () => {
  const { text } = await doctor({ clientSecret: LOCAL_DEFAULTS.PLANE_CLIENT_SECRET });
  expect(text).toContain(
    '✓ Client id and client secret: set, as a plain string: the client id comes from the stage setting planeClientId',
  );
  expect(text).toContain('with a client id and this Redirect URI');
});

test('a JSON client secret without its client_id: fails with the configure fix', async () => {
  const { text } = await doctor({ clientSecret: JSON.stringify({ client_secret: 'EXAMPLE-only-the-secret' }) });
  expect(text).toContain(`✗ Client id and client secret: set, but without a client_id\n    ${configure}`);
  expect(text).not.toContain('EXAMPLE-only-the-secret');
});

test('a malformed client secret: names the secret, never its value', async () => {
  const { text } = await doctor({ clientSecret: '{"client_id": "abc", "client_secret": "EXAMPLE-half-written' });
  expect(text).toContain(`✗ Client id and client secret: configuration problem: the secret ${ARN.client} starts`);
  expect(text).toContain(configure);
  expect(text).not.toContain('EXAMPLE-half-written');
});

test('a webhook secret other than the one ingest holds: 401, with what to do', async () => {
  const { text } = await doctor({ webhookSecret: 'EXAMPLE-a-newer-webhook-secret' });
  expect(text).toContain(
    '✗ Signed test webhook: answered 401 to a webhook signed with the webhook secret doctor read\n' +
      '    fix: ingest still holds an older webhook secret',
  );
});

test('a stage that is deployed but not configured: the setup page reason, the 200 to an unsigned POST', async () => {
  const { text } = await doctor({
    outputs: {
      ...outputsOf(app),
      AddToPlaneSetupUrl: `${stubUrl}/oauth/setup`,
      AddToPlaneWebhookUrl: `${stubUrl}/webhook`,
    },
  });
  expect(text).toContain(
    '✗ Setup URL: answered 500 instead of a redirect to Plane: "The app is not configured The client id is not set."' +
      `\n    ${configure}`,
  );
  expect(text).toContain(
    '✗ Webhook URL refuses an unsigned POST: answered 200: ingest accepted an unsigned webhook\n' +
      '    fix: check the ingest function',
  );
});

test('an app that subscribes to no event: no test webhook, and the fix says to register a handler', async () => {
  const { text } = await doctor({ outputs: { ...outputsOf(app), EventSubscriptions: '[]' } });
  expect(text).toContain(
    '✗ Signed test webhook: the app subscribes to no event: ingest answers 200 to every webhook and queues none\n' +
      '    fix: register a handler in lambdas/app (app.on or app.onAny) and deploy',
  );
});

test('the test webhook never shows up in the processor log group: says where to look', async () => {
  const { text } = await doctor({ outputs: { ...outputsOf(app), AddToPlaneWebhookUrl: `${stubUrl}/webhook` } }, 300);
  expect(text).toContain(
    '✗ Signed test webhook: answered 200, but the processor did not log it within 0.3 s\n' +
      "    fix: look at the processor's log and errors, and the queue's age on the dashboard",
  );
});

test('parked messages, firing alarms and no installation: each fails with its fix', async () => {
  const { ok, text } = await doctor({
    parked: 3,
    firing: ['PlaneApp-dev-DeadLetterQueueNotEmpty', 'PlaneApp-dev-Silence'],
    installations: [],
  });
  expect(ok).toBe(false);
  expect(text).toContain(
    "✗ Dead-letter queue: 3 message(s) parked\n    fix: find the cause in the processor's log ('event failed; " +
      "it will be retried'), fix it, then `npm run redrive -- --stage dev` (README: DeadLetterQueueNotEmpty)",
  );
  expect(text).toContain(
    '✗ Alarms: firing: PlaneApp-dev-DeadLetterQueueNotEmpty, PlaneApp-dev-Silence\n' +
      "    fix: follow each alarm's runbook in the README (Operations → Alarms)",
  );
  expect(text).toContain(`✗ Installations: none yet\n    fix: install the app: open ${app.appUrl}/oauth/setup`);
  expect(text).toContain('3 of 9 checks failed.');
});
