import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createCachedSecret } from '../core/cached-secret';
import { type ClientCredentials, parseClientSecret } from '../core/client-credentials';
import { type EnvSource, readInteger, readSettings } from '../core/config';
import { DEFAULT_PLANE_API_URL, Env } from '../core/env-names';
import { ConfigError } from '../core/errors';
import type { Logger } from '../core/logger';
import { createOAuthClient, type OAuthClient } from '../core/oauth-client';
import type { Clock } from '../core/ports';
import { systemClock } from '../core/ports';
import { registerSecret } from '../core/redact';
import { createDocumentClient } from './dynamo-client';
import { createDynamoInstallationStore } from './dynamo-installation-store';
import type { EmfMetrics } from './emf-metrics';
import { logLevelFromEnv, metricsFromEnv } from './lambda-env';
import { createPowertoolsLogger } from './powertools-logger';
import { createSecretsClient, secretsManagerReader } from './secrets-manager';

/** What the processor and OAuth functions share: settings, logger, metrics, table, Plane OAuth client. */
export interface PlaneRuntime {
  readonly settings: { apiUrl: string; clientId: string; tableName: string; scopes?: string };
  readonly log: Logger;
  readonly powertools?: PowertoolsLogger;
  readonly metrics: EmfMetrics;
  readonly documents: ReturnType<typeof createDocumentClient>;
  readonly installations: ReturnType<typeof createDynamoInstallationStore>;
  readonly oauth: OAuthClient;
  readonly clock: Clock;
  /** The client id and secret from the client secret; `recheck` re-reads it if the last read is 5 s old. */
  readonly clientCredentials: (recheck?: boolean) => Promise<ClientCredentials>;
}

export interface RuntimeOverrides {
  readonly fetch?: typeof fetch;
  readonly log?: Logger;
  readonly metrics?: EmfMetrics;
  readonly clock?: Clock;
}

/**
 * Builds the runtime from the function's environment; throws one ConfigError naming every
 * missing setting. The client secret is read from Secrets Manager by ARN when first needed.
 */
export function createPlaneRuntime(env: EnvSource, overrides: RuntimeOverrides = {}): PlaneRuntime {
  const settings = readSettings(env, {
    required: [Env.TableName],
    // The client id is checked where OAuth needs it, so events that need no token still flow.
    optional: [Env.PlaneClientId, Env.PlaneApiUrl, Env.PlaneScopes, Env.ClientSecretArn],
    urls: [Env.PlaneApiUrl],
  });
  let powertools: PowertoolsLogger | undefined;
  let log = overrides.log;
  if (!log) {
    const created = createPowertoolsLogger(
      new PowertoolsLogger({
        serviceName: env.POWERTOOLS_SERVICE_NAME || 'plane-app',
        // Powertools takes the level in either case (its constructor upper-cases it).
        logLevel: logLevelFromEnv(env),
      }),
    );
    log = created.log;
    powertools = created.powertools;
  }
  const secretArn = settings[Env.ClientSecretArn];
  const readClientSecret = secretArn ? secretsManagerReader(createSecretsClient(), secretArn) : undefined;
  const clock = overrides.clock ?? systemClock;
  const clientSecret = createCachedSecret(
    async () => {
      if (!readClientSecret)
        throw new ConfigError([`${Env.ClientSecretArn} is not set: this function cannot use the client secret`]);
      const value = await readClientSecret();
      registerSecret(value);
      return value;
    },
    { clock },
  );
  // JSON {client_id, client_secret} (npm run configure), or the secret alone with PLANE_CLIENT_ID.
  let credentials: ClientCredentials = { clientId: settings[Env.PlaneClientId] ?? '', clientSecret: '' };
  const clientCredentials = async (recheck = false) => {
    const value = (recheck && (await clientSecret.refreshIfOlderThan(5_000))) || (await clientSecret.get());
    credentials = parseClientSecret(value, {
      secretName: secretArn ?? '',
      fallbackClientId: settings[Env.PlaneClientId],
    });
    registerSecret(credentials.clientSecret);
    registerSecret(credentials.clientId);
    return credentials;
  };
  const documents = createDocumentClient();
  const apiUrl = settings[Env.PlaneApiUrl] ?? DEFAULT_PLANE_API_URL;
  return {
    settings: {
      apiUrl,
      clientId: settings[Env.PlaneClientId] ?? '',
      tableName: settings[Env.TableName],
      scopes: settings[Env.PlaneScopes],
    },
    log,
    powertools,
    metrics: overrides.metrics ?? metricsFromEnv(env),
    documents,
    installations: createDynamoInstallationStore(documents, settings[Env.TableName]),
    oauth: createOAuthClient({
      baseUrl: apiUrl,
      clientId: () => credentials.clientId,
      clientSecret: async () => (await clientCredentials()).clientSecret,
      // Plane refused the credentials: they may have just been configured or regenerated.
      onInvalidClient: async () => {
        const before = credentials;
        const after = await clientCredentials(true).catch(() => before);
        return after.clientId !== before.clientId || after.clientSecret !== before.clientSecret;
      },
      fetch: overrides.fetch,
      timeoutMs: readInteger(env, Env.PlaneTimeoutMs, 8000),
    }),
    clock,
    clientCredentials,
  };
}
