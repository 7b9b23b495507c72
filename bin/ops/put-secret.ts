import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { parseSecretList } from '../../lambdas/core/signature';

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
  if (!value || /\s/.test(value))
    throw new Error('the secret must be one non-empty value without spaces; nothing was changed');
  let next = value;
  if (append) {
    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    next = [...new Set([...parseSecretList(current.SecretString).filter((old) => old !== value), value])].join('\n');
  }
  await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: next }));
  return parseSecretList(next).length;
}
