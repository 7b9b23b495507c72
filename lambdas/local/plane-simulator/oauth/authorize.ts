import type { SimCall, SimContext } from '../context';
import { formFields } from '../http/http-io';
import { htmlResponse, redirectResponse, type SimResponse } from '../http/response';
import { renderConsentPage, renderCsrfFailurePage, renderErrorPage } from './consent-page';
import { installApp } from './installations';

const DEFAULT_SCOPE = 'read write';

/** Checks client_id and redirect_uri; returns the problem to show, or undefined when fine. */
function authorizeProblem(ctx: SimContext, params: Record<string, string>): string | undefined {
  if (params.client_id !== ctx.options.clientId) return 'Invalid client_id: no app is registered with this client id.';
  if ((params.response_type ?? 'code') !== 'code') return 'Unsupported response_type: use "code".';
  const uri = params.redirect_uri;
  if (!uri) return 'Missing redirect_uri.';
  const allowed = ctx.options.redirectUris;
  if (allowed.length > 0) {
    return allowed.includes(uri) ? undefined : "Mismatching redirect_uri: it is not one of the app's Redirect URIs.";
  }
  try {
    const { protocol } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:' ? undefined : 'redirect_uri must be an http(s) URL.';
  } catch {
    return 'redirect_uri is not a valid URL.';
  }
}

function withQuery(uri: string, params: Array<[string, string | undefined]>): string {
  const target = new URL(uri);
  for (const [name, value] of params) if (value !== undefined) target.searchParams.append(name, value);
  return target.toString();
}

/** `GET /auth/o/authorize-app/`: the consent screen (a 400 page for a bad client or URI). */
export function showConsent({ ctx, req }: SimCall): SimResponse {
  const params = Object.fromEntries(req.url.searchParams);
  const problem = authorizeProblem(ctx, params);
  if (problem) return htmlResponse(400, renderErrorPage(problem));
  const scope = params.scope || DEFAULT_SCOPE;
  const hidden: Record<string, string> = {
    client_id: params.client_id,
    redirect_uri: params.redirect_uri,
    response_type: 'code',
    scope,
  };
  if (params.state !== undefined) hidden.state = params.state;
  const { data } = ctx;
  // Django's form field for the token; the cookie is set on the first visit of a browser.
  const session = ctx.csrf.session(req.headers.cookie);
  hidden.csrfmiddlewaretoken = session.token;
  const page = htmlResponse(
    200,
    renderConsentPage({
      appName: data.application.name,
      workspaceName: data.workspace.name,
      workspaceSlug: data.workspace.slug,
      userName: data.human.display_name,
      scopes: scope.split(/\s+/).filter(Boolean),
      hidden,
    }),
  );
  return session.setCookie ? { ...page, headers: { 'Set-Cookie': session.setCookie } } : page;
}

/**
 * `POST /auth/o/authorize-app/` (the consent form): on approve, installs the app and redirects
 * with `app_installation_id`, `code` and `state`; on deny, redirects with `error=access_denied`.
 */
export function submitConsent({ ctx, req }: SimCall): SimResponse {
  const form = formFields(req);
  // Plane runs Django's CsrfViewMiddleware (settings/common.py) before any browser form's view.
  const csrfProblem = ctx.csrf.problem({
    cookieHeader: req.headers.cookie,
    token: form.csrfmiddlewaretoken,
    origin: req.headers.origin,
    host: req.headers.host,
  });
  if (csrfProblem) {
    ctx.options.log(`consent form refused: ${csrfProblem}`);
    return htmlResponse(403, renderCsrfFailurePage(csrfProblem));
  }
  const problem = authorizeProblem(ctx, form);
  if (problem) return htmlResponse(400, renderErrorPage(problem));
  const approved = form.decision === 'approve' || (form.decision === undefined && form.allow !== undefined);
  if (!approved) {
    ctx.options.log('consent denied');
    return redirectResponse(
      withQuery(form.redirect_uri, [
        ['error', 'access_denied'],
        ['state', form.state],
      ]),
    );
  }
  const now = ctx.options.clock();
  const installation = installApp(ctx.data, ctx.data.human.id, now);
  const code = ctx.tokens.issueCode({
    clientId: form.client_id,
    redirectUri: form.redirect_uri,
    userId: ctx.data.human.id,
    installationId: installation.id,
    scope: form.scope || DEFAULT_SCOPE,
  });
  ctx.options.log(`consent approved: installation ${installation.id}, bot ${installation.app_bot}`);
  return redirectResponse(
    withQuery(form.redirect_uri, [
      ['app_installation_id', installation.id],
      ['code', code],
      ['state', form.state],
    ]),
  );
}
