import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { parseClientSecret } from '../../../lambdas/core/client-credentials';
import { parseSecretList } from '../../../lambdas/core/signature';
import type { StackOutputs } from '../stack-outputs';
import { type Check, type CheckOutcome, type DoctorFacts, fail, pass, skip } from './report';

export interface SecretsClients {
  readonly secrets: SecretsManagerClient;
}

/** The placeholder lib/app-secrets.ts generates: 64 letters and digits. */
const PLACEHOLDER_SHAPE = /^[A-Za-z0-9]{64}$/;

/**
 * Reads a secret's value and says whether it is still the stack's placeholder: the one version
 * CloudFormation created (a PutSecretValue adds a second, labelled AWSPREVIOUS) in the shape the
 * stack generates. The value never leaves this module except as facts for later checks.
 */
async function readSecret(client: SecretsManagerClient, arn: string): Promise<{ value: string; placeholder: boolean }> {
  const [value, description] = await Promise.all([
    client.send(new GetSecretValueCommand({ SecretId: arn })),
    client.send(new DescribeSecretCommand({ SecretId: arn })),
  ]);
  const text = value.SecretString?.trim() ?? '';
  const versions = Object.keys(description.VersionIdsToStages ?? {}).length;
  return { value: text, placeholder: versions <= 1 && PLACEHOLDER_SHAPE.test(text) };
}

/** The client secret (with its client id) and the webhook secret: set, and no longer the placeholders. */
export function secretChecks(options: {
  readonly stage: string;
  readonly clients: SecretsClients;
  readonly outputs: () => StackOutputs;
}): Check[] {
  const configure = `run \`npm run configure -- --stage ${options.stage}\` with the values Plane shows for the app`;
  const withArn =
    (name: 'ClientSecretArn' | 'WebhookSecretArn', run: (arn: string, facts: DoctorFacts) => Promise<CheckOutcome>) =>
    async (facts: DoctorFacts) => {
      const arn = options.outputs()[name];
      return arn ? run(arn, facts) : skip(`not checked: the stack has no ${name} output`);
    };
  return [
    {
      name: 'Client id and client secret',
      run: withArn('ClientSecretArn', async (arn, facts) => {
        const secret = await readSecret(options.clients.secrets, arn);
        if (secret.placeholder || !secret.value)
          return fail('not set: the secret holds the stack placeholder', configure);
        let credentials: ReturnType<typeof parseClientSecret>;
        try {
          credentials = parseClientSecret(secret.value, { secretName: arn });
        } catch (error) {
          return fail(error instanceof Error ? error.message : String(error), configure);
        }
        if (!secret.value.startsWith('{'))
          return pass('set, as a plain string: the client id comes from the stage setting planeClientId');
        if (!credentials.clientId) return fail('set, but without a client_id', configure);
        facts.clientId = credentials.clientId;
        return pass('set, with the client id (not shown)');
      }),
    },
    {
      name: 'Webhook secret',
      run: withArn('WebhookSecretArn', async (arn, facts) => {
        const secret = await readSecret(options.clients.secrets, arn);
        if (secret.placeholder || !secret.value)
          return fail('not set: the secret holds the stack placeholder', configure);
        const active = parseSecretList(secret.value);
        // The newest value signs the test webhook, as Plane signs with the one it was last given.
        facts.webhookSecret = active.at(-1);
        return pass(`set (${active.length} active${active.length > 1 ? ': a rotation is under way' : ''})`);
      }),
    },
  ];
}
