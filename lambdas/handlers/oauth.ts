import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { composeOrError, notConfigured } from '../adapters/cold-start';
import { fromApiGateway, toApiGateway } from '../adapters/http-event';
import { createOAuthRuntime } from '../adapters/oauth-runtime';
import type { RuntimeOverrides } from '../adapters/plane-runtime';
import { describeError } from '../core/errors';
import { errorPage } from '../core/oauth-flow';
import { type EnvSource, loadRuntimeConfig } from '../core/runtime-config';

export type OAuthRoute = 'setup' | 'callback';

/** GET /oauth/setup and GET /oauth/callback, one function each (oauth-setup.ts, oauth-callback.ts). */
export function createOAuthHandler(route: OAuthRoute, env: EnvSource, overrides: RuntimeOverrides = {}) {
  const runtime = composeOrError(() => createOAuthRuntime(loadRuntimeConfig(env, ['tableName']), overrides));
  return async (event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    if (runtime instanceof Error) return toApiGateway(errorPage(notConfigured(runtime, overrides.log)));
    runtime.addContext(context);
    const { query, cookies, origin } = fromApiGateway(event);
    const redirectUri = runtime.redirectUri(origin);
    try {
      const page =
        (await runtime.notConfiguredPage()) ??
        (route === 'setup'
          ? await runtime.flow.setup(redirectUri)
          : await runtime.flow.callback({ query, cookies, redirectUri }));
      return toApiGateway(page);
    } catch (error) {
      runtime.log.error('OAuth function failed', { error: describeError(error) });
      return toApiGateway(errorPage(error));
    } finally {
      runtime.metrics.flush();
    }
  };
}
