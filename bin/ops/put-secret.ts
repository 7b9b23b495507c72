import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { parseClientSecret } from '../../lambdas/core/client-credentials';
import { parseSecretList } from '../../lambdas/core/signature';
import { clientSecretJson } from './store-credentials';

const checkValue = (value: string) => {
  if (!value || /\s/.test(value))
    throw new Error('the secret must be one non-empty value without spaces; nothing was changed');
};

/**
 * Stores `value` as the secret's string. With `append`, the current values stay active beside it
 * (newest last), so webhooks signed with the old secret still verify during a rotation.
 * Resolves with the number of active values.
 */
export async function putSecret(
  client: SecretsManagerClient,
  arn: string,
  value: string,
  append: boolean,
): Promise<number> {
  checkValue(value);
  let next = value;
  if (append) {
    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    next = [...new Set([...parseSecretList(current.SecretString).filter((old) => old !== value), value])].join('\n');
  }
  await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: next }));
  return parseSecretList(next).length;
}

/**
 * Replaces the OAuth client secret and keeps the client id stored beside it (the JSON form of
 * `npm run configure`), so a regenerated secret takes one command. A secret still in the plain
 * form (client id from planeClientId) stays plain.
 */
export async function putClientSecret(client: SecretsManagerClient, arn: string, value: string): Promise<void> {
  checkValue(value);
  const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  let clientId = '';
  try {
    clientId = parseClientSecret(current.SecretString ?? '', { secretName: arn }).clientId;
  } catch {
    // A malformed current value holds nothing worth keeping: it is replaced.
  }
  const next = clientId ? clientSecretJson({ clientId, clientSecret: value }) : value;
  await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: next }));
}
