import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type ClientCredentials, parseClientSecret } from '../core/client-credentials';
import { Env } from '../core/env-names';
import { ConfigError } from '../core/errors';
import type { Logger } from '../core/logger';
import { createOAuthClient, type OAuthClient } from '../core/oauth-client';
import { createPlaneClient } from '../core/plane-client';
import { type Clock, type RateBudget, systemClock } from '../core/ports';
import type { ProcessorOptions } from '../core/process-event';
import { registerSecret } from '../core/redact';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createTokenManager } from '../core/token-manager';
import { CompactLogFormatter } from './compact-log-formatter';
import { createDocumentClient } from './dynamo-client';
import { createDynamoInstallationStore } from './dynamo-installation-store';
import { createDynamoRateBudget } from './dynamo-rate-budget';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics';
import { createPowertoolsLogger } from './powertools-logger';
import { createManagedSecret, createSecretsClient } from './secrets-manager';

/** What the processor and OAuth functions share: logger, metrics, table, Plane OAuth client, clock. */
export interface PlaneRuntime {
  readonly log: Logger;
  readonly metrics: EmfMetrics;
  readonly documents: ReturnType<typeof createDocumentClient>;
  readonly installations: ReturnType<typeof createDynamoInstallationStore>;
  /** Allowances every function shares, in the table: above all the slots of Plane's token endpoint. */
  readonly grants: RateBudget;
  readonly oauth: OAuthClient;
  readonly clock: Clock;
  /** Puts the Lambda context (request id, cold start) on the log lines; a test's partial context is left out. */
  addContext(context: Partial<Context> | undefined): void;
  /** The client id and secret from the client secret; `recheck` re-reads it if the last read is 5 s old. */
  readonly clientCredentials: (recheck?: boolean) => Promise<ClientCredentials>;
}

/** Parts a test or local mode passes instead of the real ones. */
export interface RuntimeOverrides {
  readonly fetch?: typeof fetch;
  readonly log?: Logger;
  readonly metrics?: EmfMetrics;
  readonly clock?: Clock;
}

const isLambdaContext = (context: Partial<Context> | undefined): context is Context =>
  typeof context?.awsRequestId === 'string';

/**
 * Builds the shared parts once per cold start. The client secret is read from Secrets Manager by
 * ARN when first needed, so a function that never asks Plane for a token runs without it.
 */
export function createPlaneRuntime(
  config: RuntimeConfigWith<'tableName'>,
  overrides: RuntimeOverrides = {},
): PlaneRuntime {
  const logger = overrides.log
    ? { log: overrides.log, powertools: undefined }
    : createPowertoolsLogger(
        new PowertoolsLogger({
          serviceName: config.serviceName,
          logLevel: config.logLevel,
          logFormatter: new CompactLogFormatter(),
        }),
      );
  const clock = overrides.clock ?? systemClock;
  const clientSecret = config.clientSecretArn
    ? createManagedSecret(createSecretsClient(), config.clientSecretArn, { clock })
    : undefined;
  // JSON {client_id, client_secret} (npm run configure), or the secret alone with PLANE_CLIENT_ID.
  let credentials: ClientCredentials = { clientId: config.planeClientId ?? '', clientSecret: '' };
  const clientCredentials = async (recheck = false): Promise<ClientCredentials> => {
    if (!clientSecret)
      throw new ConfigError([`${Env.ClientSecretArn} is not set: this function cannot use the client secret`]);
    const value = (recheck && (await clientSecret.refreshIfOlderThan(5_000))) || (await clientSecret.get());
    credentials = parseClientSecret(value, {
      secretName: config.clientSecretArn ?? '',
      fallbackClientId: config.planeClientId,
    });
    registerSecret(credentials.clientSecret);
    return credentials;
  };
  const documents = createDocumentClient();
  return {
    log: logger.log,
    metrics: overrides.metrics ?? createEmfMetrics({ namespace: config.metricsNamespace, stage: config.stage }),
    documents,
    installations: createDynamoInstallationStore(documents, config.tableName),
    grants: createDynamoRateBudget(documents, config.tableName),
    oauth: createOAuthClient({
      baseUrl: config.planeApiUrl,
      clientId: () => credentials.clientId,
      clientSecret: async () => (await clientCredentials()).clientSecret,
      // Plane refused the credentials: they may have just been configured or regenerated.
      onInvalidClient: async () => {
        const before = credentials;
        const after = await clientCredentials(true).catch(() => before);
        return after.clientId !== before.clientId || after.clientSecret !== before.clientSecret;
      },
      fetch: overrides.fetch,
      timeoutMs: config.planeTimeoutMs,
    }),
    clock,
    clientCredentials,
    addContext(context) {
      if (logger.powertools && isLambdaContext(context)) logger.powertools.addContext(context);
    },
  };
}

/**
 * Plane clients acting as each installation's bot, their tokens kept fresh by one token manager
 * (cached in memory, then in the table), every call bounded by the invocation's deadline.
 */
export function createPlaneFor(
  runtime: PlaneRuntime,
  plane: { readonly baseUrl: string; readonly fetch?: typeof fetch; readonly refusalConfirmMs?: number },
): ProcessorOptions['planeFor'] {
  const { log, metrics, clock } = runtime;
  const tokens = createTokenManager({
    store: runtime.installations,
    oauth: runtime.oauth,
    budget: runtime.grants,
    clock,
    log,
    metrics,
    refusalConfirmMs: plane.refusalConfirmMs,
  });
  return (installation, deadline) =>
    createPlaneClient({
      baseUrl: plane.baseUrl,
      workspaceSlug: installation.workspaceSlug,
      token: (rejected) => tokens.getBotToken(installation.workspaceId, { rejected, deadline: deadline() }),
      fetch: plane.fetch,
      clock,
      deadline,
      log,
      metrics,
    });
}
