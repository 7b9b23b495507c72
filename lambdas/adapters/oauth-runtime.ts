import { createOAuthFlow, type OAuthFlow } from '../core/oauth-flow';
import { Routes } from '../core/routes';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createDynamoRateBudget, createDynamoStateStore } from './dynamo-stores';
import { createPlaneRuntime, type PlaneRuntime, type RuntimeOverrides } from './plane-runtime';

/** What the setup and callback functions are made of. */
export interface OAuthRuntime extends PlaneRuntime {
  readonly flow: OAuthFlow;
  /** The Redirect URI: PUBLIC_BASE_URL + /oauth/callback, or the origin the request came in on. */
  redirectUri(origin: string | undefined): string;
}

/** Composes the install flow on the shared runtime, with OAuth states in the table. */
export function createOAuthRuntime(
  config: RuntimeConfigWith<'tableName'>,
  overrides: RuntimeOverrides = {},
): OAuthRuntime {
  const runtime = createPlaneRuntime(config, overrides);
  const flow = createOAuthFlow({
    oauth: runtime.oauth,
    states: createDynamoStateStore(runtime.documents, config.tableName),
    installations: runtime.installations,
    grants: createDynamoRateBudget(runtime.documents, config.tableName),
    clock: runtime.clock,
    log: runtime.log,
    metrics: runtime.metrics,
    scope: config.planeScopes,
    successUrl: config.successUrl ?? `${config.planeWebUrl.replace(/\/+$/, '')}/{slug}/`,
  });
  return {
    ...runtime,
    flow,
    redirectUri: (origin) => `${(config.publicBaseUrl ?? origin ?? '').replace(/\/+$/, '')}${Routes.OAuthCallback}`,
  };
}
