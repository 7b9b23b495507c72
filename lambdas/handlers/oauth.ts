import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createDynamoStateStore } from '../adapters/dynamo-stores';
import { fromApiGateway, type HttpRequest, toApiGateway } from '../adapters/http-event';
import { createPlaneRuntime, type PlaneRuntime, type RuntimeOverrides } from '../adapters/plane-runtime';
import { missingCredentials } from '../core/client-credentials';
import type { EnvSource } from '../core/config';
import { DEFAULT_PLANE_WEB_URL, Env, Routes } from '../core/env-names';
import { ConfigError } from '../core/errors';
import { renderPage } from '../core/html-page';
import { createOAuthFlow, type PageResult } from '../core/oauth-flow';
import { redactText } from '../core/redact';

export type OAuthRoute = 'setup' | 'callback';

const NOT_CONFIGURED = { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' } };

/**
 * What the stage lacks for OAuth, as the setup page says it. While the client id is missing the
 * secret is read again at once (at most every 5 s), so `npm run configure` takes effect now.
 */
async function whatIsMissing(runtime: PlaneRuntime, stage: string): Promise<string | undefined> {
  if ((await runtime.clientCredentials()).clientId) return undefined;
  return missingCredentials(await runtime.clientCredentials(true), stage);
}

/**
 * Composition shared by the setup and callback functions. The Redirect URI is
 * `PUBLIC_BASE_URL` + /oauth/callback, or the URL the request came in on.
 */
export function createOAuthHandler(route: OAuthRoute, env: EnvSource = process.env, overrides: RuntimeOverrides = {}) {
  let flow: ReturnType<typeof createOAuthFlow> | undefined;
  let configError: Error | undefined;
  let metrics: { flush(): void } | undefined;
  let powertools: ReturnType<typeof createPlaneRuntime>['powertools'];
  let runtime: PlaneRuntime | undefined;
  try {
    runtime = createPlaneRuntime(env, overrides);
    metrics = runtime.metrics;
    powertools = runtime.powertools;
    const successUrl =
      env[Env.SuccessUrl] ?? `${(env[Env.PlaneWebUrl] || DEFAULT_PLANE_WEB_URL).replace(/\/+$/, '')}/{slug}/`;
    flow = createOAuthFlow({
      oauth: runtime.oauth,
      states: createDynamoStateStore(runtime.documents, runtime.settings.tableName),
      installations: runtime.installations,
      clock: runtime.clock,
      log: runtime.log,
      metrics: runtime.metrics,
      scope: runtime.settings.scopes,
      successUrl,
    });
  } catch (error) {
    configError = error as Error;
  }

  const redirectUri = (request: HttpRequest) =>
    `${(env[Env.PublicBaseUrl] || request.origin || '').replace(/\/+$/, '')}${Routes.OAuthCallback}`;

  return async (event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    if (context) powertools?.addContext(context);
    if (!flow) {
      console.error(
        JSON.stringify({ level: 'ERROR', message: 'OAuth function is not configured', error: configError?.message }),
      );
      return toApiGateway({
        status: 500,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: renderPage('The app is not configured', [configError?.message ?? 'Unknown configuration problem.']),
      });
    }
    const request = fromApiGateway(event);
    try {
      const missing = runtime && (await whatIsMissing(runtime, env[Env.Stage] || 'dev'));
      if (missing) {
        console.error(JSON.stringify({ level: 'ERROR', message: 'OAuth function is not configured', error: missing }));
        return toApiGateway({ ...NOT_CONFIGURED, body: renderPage('The app is not configured yet', [missing]) });
      }
      const result: PageResult =
        route === 'setup'
          ? await flow.setup(redirectUri(request))
          : await flow.callback({ query: request.query, cookies: request.cookies, redirectUri: redirectUri(request) });
      return toApiGateway(result);
    } catch (error) {
      // Only a setting can fail here (the flow turns Plane's failures into pages): say which.
      const message =
        error instanceof ConfigError ? error.message : 'The install could not start. Try again in a minute.';
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'OAuth function failed',
          error: redactText(error instanceof Error ? error.message : String(error)),
        }),
      );
      return toApiGateway({
        status: 500,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: renderPage('The app is not configured', [message]),
      });
    } finally {
      metrics?.flush();
    }
  };
}
