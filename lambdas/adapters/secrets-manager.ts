import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type CachedSecret, createCachedSecret } from '../core/cached-secret';
import type { Clock, SecretReader } from '../core/ports';
import { registerSecret } from '../core/redact';

export function createSecretsClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}

/**
 * Reads a secret's string value by ARN. Errors name the secret and the fix, never the value.
 */
function secretsManagerReader(client: SecretsManagerClient, secretId: string): SecretReader {
  return async () => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = result.SecretString?.trim();
    if (!value) throw new Error(`secret ${secretId} has no string value: set it with "npm run set-secret"`);
    return value;
  };
}

/**
 * A secret read from Secrets Manager by ARN when first needed, registered for log redaction as it
 * is read, and cached (createCachedSecret). Each whitespace-separated part is registered too: the
 * webhook secret holds every active secret during a rotation.
 */
export function createManagedSecret(
  client: SecretsManagerClient,
  secretId: string,
  options: { clock?: Clock } = {},
): CachedSecret {
  const read = secretsManagerReader(client, secretId);
  return createCachedSecret(async () => {
    const value = await read();
    for (const part of [value, ...value.split(/\s+/)]) registerSecret(part);
    return value;
  }, options);
}
