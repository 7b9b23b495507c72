import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from '../core/ports';

export function createSecretsClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}

/**
 * Reads a secret's string value by ARN. Errors name the secret and the fix, never the value.
 */
export function secretsManagerReader(client: SecretsManagerClient, secretId: string): SecretReader {
  return async () => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = result.SecretString?.trim();
    if (!value) throw new Error(`secret ${secretId} has no string value: set it with "npm run set-secret"`);
    return value;
  };
}
