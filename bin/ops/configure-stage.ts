import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readCredentials } from './credentials-input';
import { readStackOutputs, requireOutput, stackName } from './stack-outputs';
import { type SecretArns, storeCredentials } from './store-credentials';

export interface ConfigureStageOptions {
  readonly stage: string;
  readonly secrets: SecretsManagerClient;
  /** Default: a client from the normal credential chain. */
  readonly cloudFormation?: CloudFormationClient;
  /** ARNs given by hand (`--client-secret-arn`, `--webhook-secret-arn`); the rest come from the stack outputs. */
  readonly arns?: Partial<SecretArns>;
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
}

/**
 * `npm run configure -- --stage NAME`: finds the stage's secrets from its outputs, reads the client
 * id, client secret and webhook secret (prompts or a pipe), stores them, and returns what to do
 * next. No deploy follows: the functions read the secrets at run time.
 */
export async function configureStage(options: ConfigureStageOptions): Promise<string> {
  const { stage } = options;
  const given = options.arns ?? {};
  const outputs =
    given.clientSecretArn && given.webhookSecretArn ? {} : await readStackOutputs(stage, options.cloudFormation);
  const arns: SecretArns = {
    clientSecretArn: given.clientSecretArn ?? requireOutput(outputs, 'ClientSecretArn', '--client-secret-arn'),
    webhookSecretArn: given.webhookSecretArn ?? requireOutput(outputs, 'WebhookSecretArn', '--webhook-secret-arn'),
  };
  const credentials = await readCredentials(stackName(stage), options.input, options.output);
  await storeCredentials(options.secrets, arns, credentials);
  const setupUrl = outputs.SetupUrl;
  return [
    `Stored the client id, client secret and webhook secret of ${stackName(stage)}.`,
    'No deploy needed: the functions read them within 5 minutes, and at once when a webhook signature or the ' +
      'client id does not match.',
    `Next: install the app${setupUrl ? ` from ${setupUrl}` : ' from the SetupUrl output'}, then check the ` +
      `stage with \`npm run doctor -- --stage ${stage}\`.`,
  ].join('\n');
}
