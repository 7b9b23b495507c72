import { missingCredentials } from '../core/client-credentials';
import { renderPage } from '../core/html-page';
import type { HttpResponse } from '../core/http-response';
import { createOAuthFlow, type OAuthFlow } from '../core/oauth-flow';
import { Routes } from '../core/routes';
import type { RuntimeConfigWith } from '../core/runtime-config';
import { createDynamoStateStore } from './dynamo-stores';
import { createPlaneRuntime, type PlaneRuntime, type RuntimeOverrides } from './plane-runtime';

/** What the setup and callback functions are made of. */
export interface OAuthRuntime extends PlaneRuntime {
  readonly flow: OAuthFlow;
  /** The Redirect URI: PUBLIC_BASE_URL + /oauth/callback, or the origin the request came in on. */
  redirectUri(origin: string | undefined): string;
  /**
   * The page that says what the stage lacks (the client id, the client secret), or undefined when
   * OAuth can run. While the client id is missing the secret is read again at once (at most every
   * 5 s), so `npm run configure` takes effect on the next request, with no deploy.
   */
  notConfiguredPage(): Promise<HttpResponse | undefined>;
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
    grants: runtime.grants,
    clock: runtime.clock,
    log: runtime.log,
    metrics: runtime.metrics,
    scope: config.planeScopes,
    successUrl: config.successUrl ?? `${config.planeWebUrl.replace(/\/+$/, '')}/{slug}/`,
  });
  const notConfiguredPage = async (): Promise<HttpResponse | undefined> => {
    if ((await runtime.clientCredentials()).clientId) return undefined;
    const missing = missingCredentials(await runtime.clientCredentials(true), config.stage);
    if (!missing) return undefined;
    runtime.log.error('the function is not configured', { error: missing });
    return {
      status: 500,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: renderPage('The app is not configured yet', [missing]),
    };
  };
  return {
    ...runtime,
    flow,
    notConfiguredPage,
    redirectUri: (origin) => `${(config.publicBaseUrl ?? origin ?? '').replace(/\/+$/, '')}${Routes.OAuthCallback}`,
  };
}
