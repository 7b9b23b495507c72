/**
 * `npm run doctor -- --stage dev`: checks a deployed stage from outside and inside, one line per
 * check (✓, or ✗ with the fix): the stack and its outputs, the secrets (never printed), the Setup
 * URL's redirect to Plane, the Webhook URL's 401 to an unsigned POST, a signed test webhook that
 * must reach the processor, the dead-letter queue, the alarms and the installations.
 * `npm run doctor -- --local [--url http://127.0.0.1:3000]` checks a running `npm start` the same way.
 * `--timeout S`: how long the test webhook may take to reach the processor. Exit status 0 only
 * when every check passes.
 */

import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../lambdas/adapters/dynamo-installation-store';
import { loadDotEnv, resolveLocalSettings } from '../lambdas/local/local-settings';
import { awsChecks } from './ops/doctor/aws-checks';
import { localChecks } from './ops/doctor/local-checks';
import { runChecks } from './ops/doctor/report';
import { runCli } from './ops/run-cli';
import { stackName } from './ops/stack-outputs';

runCli('doctor', async () => {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'dev' },
      local: { type: 'boolean' },
      url: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new Error('--timeout must be a number of seconds');
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = Date.now();
  let ok: boolean;
  if (values.local) {
    const settings = resolveLocalSettings(process.env, loadDotEnv());
    const url = values.url ?? `http://127.0.0.1:${settings.port}`;
    write(`Checking local mode at ${url}\n`);
    ok = await runChecks(
      localChecks({ url, clientId: settings.clientId, webhookSecret: settings.webhookSecret, timeoutMs }),
      write,
    );
  } else {
    const stage = values.stage ?? 'dev';
    const documents = createDocumentClient(new DynamoDBClient({}));
    const clients = {
      cloudFormation: new CloudFormationClient({}),
      secrets: new SecretsManagerClient({}),
      logs: new CloudWatchLogsClient({}),
      sqs: new SQSClient({}),
      cloudWatch: new CloudWatchClient({}),
      installations: (table: string) => createDynamoInstallationStore(documents, table).listInstallations(),
    };
    write(`Checking ${stackName(stage)} (region ${await clients.sqs.config.region()})\n`);
    try {
      ok = await runChecks(awsChecks({ stage, clients, timeoutMs }), write);
    } finally {
      for (const client of [clients.secrets, clients.logs, clients.sqs, clients.cloudWatch, documents])
        client.destroy();
    }
  }
  write(`(${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  process.exitCode = ok ? 0 : 1;
});
