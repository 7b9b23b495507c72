/**
 * `npm run set-secret -- client|webhook [--stage dev] [--append]`: sets the OAuth client secret or
 * the webhook secret from standard input (a hidden prompt, or a pipe), never from the command line.
 * The client id stored with the client secret (`npm run configure`) is kept.
 * `--append` (webhook only) keeps the current secret active beside the new one, for a rotation.
 */

import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { putClientSecret, putSecret } from './ops/put-secret';
import { readSecretFromStdin } from './ops/read-secret';
import { runCli } from './ops/run-cli';
import { readStackOutputs, requireOutput, stackName } from './ops/stack-outputs';

runCli('set-secret', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      stage: { type: 'string', default: 'dev' },
      append: { type: 'boolean' },
      'secret-arn': { type: 'string' },
    },
  });
  const which = positionals[0];
  if (which !== 'client' && which !== 'webhook')
    throw new Error('say which secret: `npm run set-secret -- client` or `npm run set-secret -- webhook`');
  if (values.append && which !== 'webhook')
    throw new Error('--append is for the webhook secret (several can be active); the client secret has one value');
  const stage = values.stage ?? 'dev';
  const output = which === 'client' ? 'ClientSecretArn' : 'WebhookSecretArn';
  const arn = values['secret-arn'] ?? requireOutput(await readStackOutputs(stage), output, '--secret-arn');
  const value = await readSecretFromStdin(
    `Paste the ${which === 'client' ? 'OAuth client secret' : 'webhook secret'} for ${stackName(stage)} ` +
      'and press Enter (hidden): ',
  );
  const client = new SecretsManagerClient({});
  try {
    const active = which === 'client' ? undefined : await putSecret(client, arn, value, values.append === true);
    if (which === 'client') await putClientSecret(client, arn, value);
    process.stdout.write(
      `Set the ${which} secret of ` +
        `${stackName(stage)}${active === undefined ? '' : ` (${active} active)`}. Functions pick it up ` +
        'within 5 minutes.\n',
    );
  } finally {
    client.destroy();
  }
});
