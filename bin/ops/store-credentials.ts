import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppCredentials } from './credentials-input';

/** The stack's two secrets, from its outputs (ClientSecretArn, WebhookSecretArn). */
export interface SecretArns {
  readonly clientSecretArn: string;
  readonly webhookSecretArn: string;
}

/**
 * The client secret's value as the functions read it (lambdas/core/client-credentials.ts): the
 * client id travels with the secret, so setting both takes no deploy.
 */
export const clientSecretJson = (credentials: Pick<AppCredentials, 'clientId' | 'clientSecret'>): string =>
  JSON.stringify({ client_id: credentials.clientId, client_secret: credentials.clientSecret });

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Stores the three values in the stack's secrets (PutSecretValue; the previous value stays as
 * AWSPREVIOUS). The client secret goes first: a failure says exactly what was stored, never a value.
 */
export async function storeCredentials(
  client: SecretsManagerClient,
  arns: SecretArns,
  credentials: AppCredentials,
): Promise<void> {
  try {
    await client.send(
      new PutSecretValueCommand({ SecretId: arns.clientSecretArn, SecretString: clientSecretJson(credentials) }),
    );
  } catch (error) {
    throw new Error(`nothing was stored: the client secret could not be written (${reason(error)})`);
  }
  try {
    await client.send(
      new PutSecretValueCommand({ SecretId: arns.webhookSecretArn, SecretString: credentials.webhookSecret }),
    );
  } catch (error) {
    throw new Error(
      `the client id and client secret were stored, the webhook secret was not (${reason(error)}); run the ` +
        'command again',
    );
  }
}

const DOT_ENV_NAMES = {
  clientId: 'PLANE_CLIENT_ID',
  clientSecret: 'PLANE_CLIENT_SECRET',
  webhookSecret: 'PLANE_WEBHOOK_SECRET',
} as const;

/**
 * `configure --local`: writes the three values into `.env` (gitignored; `npm start` reads it),
 * replacing earlier lines for them and keeping every other line. A new file is readable by its owner only.
 */
export function writeDotEnvCredentials(path: string, credentials: AppCredentials): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/) : [];
  const names = new Set<string>(Object.values(DOT_ENV_NAMES));
  const kept = lines.filter(
    (line) => !names.has(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1] ?? ''),
  );
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  const added = Object.entries(DOT_ENV_NAMES).map(
    ([key, name]) => `${name}=${credentials[key as keyof AppCredentials]}`,
  );
  writeFileSync(path, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
}
