/**
 * `npm run configure -- --stage dev`: stores the client id, client secret and webhook secret that
 * Plane shows for the app into the stage's secrets. `--local` writes them into `.env` for local
 * mode instead. The values come from prompts on a terminal (the secrets hidden) or from a pipe:
 * three lines (client id, client secret, webhook secret) or one JSON object with client_id,
 * client_secret and webhook_secret. Never from the command line, so they stay out of shell history.
 */

import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { configureStage } from './ops/configure-stage';
import { PIPE_FORMAT, readCredentials } from './ops/credentials-input';
import { runCli } from './ops/run-cli';
import { writeDotEnvCredentials } from './ops/store-credentials';

runCli('configure', async () => {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'dev' },
      local: { type: 'boolean' },
      'client-secret-arn': { type: 'string' },
      'webhook-secret-arn': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run configure -- --stage dev | --local\n' +
        `Reads the client id, client secret and webhook secret from prompts, or from a pipe: ${PIPE_FORMAT}.\n`,
    );
    return;
  }
  if (values.local) {
    writeDotEnvCredentials('.env', await readCredentials('local mode (.env)'));
    process.stdout.write(
      'Wrote PLANE_CLIENT_ID, PLANE_CLIENT_SECRET and PLANE_WEBHOOK_SECRET to .env (gitignored). Restart ' +
        '`npm start` to use them; set PLANE_API_URL there too to talk to a real Plane.\n',
    );
    return;
  }
  const secrets = new SecretsManagerClient({});
  try {
    const report = await configureStage({
      stage: values.stage ?? 'dev',
      secrets,
      arns: { clientSecretArn: values['client-secret-arn'], webhookSecretArn: values['webhook-secret-arn'] },
    });
    process.stdout.write(`${report}\n`);
  } finally {
    secrets.destroy();
  }
});
