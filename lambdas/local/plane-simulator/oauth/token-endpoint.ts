import type { SimCall, SimContext } from '../context';
import type { JsonObject } from '../format/python-json';
import { formFields, type SimRequest } from '../http/http-io';
import { TOO_MANY_REQUESTS } from '../http/rate-limiter';
import { htmlResponse, jsonResponse, type SimResponse } from '../http/response';

interface Answer {
  status: number;
  body: JsonObject;
  headers?: Record<string, string>;
}

interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/** Decodes `Authorization: Basic base64(client_id:client_secret)` (parts URL-decoded, per RFC 6749). */
function basicCredentials(req: SimRequest): BasicCredentials | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  }
}

const oauthError = (status: number, error: string): Answer => ({ status, body: { error } });

/** Authenticates the client by Basic auth, or (when allowed) by client_id/client_secret in the form. */
function clientOk(
  ctx: SimContext,
  form: Record<string, string>,
  basic: BasicCredentials | undefined,
  allowBody: boolean,
): boolean {
  const { clientId, clientSecret } = ctx.options;
  if (basic) return basic.clientId === clientId && basic.clientSecret === clientSecret;
  return allowBody && form.client_id === clientId && form.client_secret === clientSecret;
}

function grant(ctx: SimContext, form: Record<string, string>, basic: BasicCredentials | undefined): Answer {
  const { tokens, data, options } = ctx;
  switch (form.grant_type) {
    case 'client_credentials': {
      // Bot tokens: Basic auth only, for an installed installation of this app.
      if (!clientOk(ctx, form, basic, false)) return oauthError(401, 'invalid_client');
      const installationId = form.app_installation_id;
      if (!installationId) return oauthError(400, 'invalid_request');
      const installation = data.installations.find(
        (item) => item.id === installationId && item.application === data.application.id,
      );
      if (installation?.status !== 'installed') return oauthError(400, 'invalid_grant');
      const body = tokens.issue({
        kind: 'bot',
        userId: installation.app_bot,
        installationId,
        clientId: options.clientId,
        scope: 'read write',
      });
      return { status: 200, body: { ...body } };
    }
    case 'authorization_code': {
      if (!clientOk(ctx, form, basic, true)) return oauthError(401, 'invalid_client');
      if (!form.code) return oauthError(400, 'invalid_request');
      const code = tokens.consumeCode(form.code, options.clientId, form.redirect_uri ?? '');
      if (!code) return oauthError(400, 'invalid_grant');
      const body = tokens.issue({
        kind: 'user',
        userId: code.userId,
        installationId: code.installationId,
        clientId: code.clientId,
        scope: code.scope,
      });
      return { status: 200, body: { ...body } };
    }
    case 'refresh_token': {
      if (!clientOk(ctx, form, basic, true)) return oauthError(401, 'invalid_client');
      if (!form.refresh_token) return oauthError(400, 'invalid_request');
      const body = tokens.refresh(form.refresh_token, options.clientId);
      return body ? { status: 200, body: { ...body } } : oauthError(400, 'invalid_grant');
    }
    default:
      return oauthError(400, 'unsupported_grant_type');
  }
}

/**
 * Django's own 500 page: Plane's urls.py sets `handler404` and no `handler500`
 * (apps/api/plane/urls.py), so a request that fails inside the server gets this HTML, not OAuth JSON.
 */
const SERVER_ERROR_HTML =
  '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n' +
  '  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';

/** Keeps the request in `tokenRequests` (client_secret redacted) and logs its outcome. */
function record(call: SimCall, form: Record<string, string>, basic: BasicCredentials | undefined, answer: Answer) {
  const { ctx, req } = call;
  const redacted = Object.fromEntries(
    Object.entries(form).map(([key, value]) => [key, key === 'client_secret' ? '[redacted]' : value]),
  );
  const error = typeof answer.body.error === 'string' ? answer.body.error : undefined;
  ctx.tokenRequests.push({
    method: req.method,
    contentType: req.headers['content-type'],
    form: redacted,
    basicClientId: basic?.clientId,
    grantType: form.grant_type,
    status: answer.status,
    error,
    at: ctx.options.clock(),
  });
  ctx.options.log(`token ${form.grant_type ?? '(no grant_type)'} -> ${answer.status}${error ? ` ${error}` : ''}`);
}

/**
 * `POST /auth/o/token/`, as Django OAuth Toolkit answers it: fields are read only from form
 * bodies, 5 requests a minute per client_id (per source IP when the form has none). With the
 * `token500Rate` fault, a share of requests fails with Django's 500 page before the throttle
 * counts it (whether Plane's throttle counts a request that then fails is not known: its OAuth
 * server is not in the open-source code).
 */
export function tokenEndpoint(call: SimCall): SimResponse {
  const { ctx, req } = call;
  const form = formFields(req);
  const basic = basicCredentials(req);
  if (ctx.faults.token500Rate > 0 && ctx.options.random() < ctx.faults.token500Rate) {
    record(call, form, basic, { status: 500, body: {} });
    return htmlResponse(500, SERVER_ERROR_HTML);
  }
  const bucket = form.client_id ? `token:client:${form.client_id}` : `token:ip:${req.remoteAddress}`;
  const decision = ctx.limiter.hit(bucket, ctx.options.tokenRateLimitPerMinute, 60_000);
  const answer: Answer = decision.allowed
    ? grant(ctx, form, basic)
    : { status: 429, body: { ...TOO_MANY_REQUESTS }, headers: { 'Retry-After': String(decision.retryAfter) } };
  record(call, form, basic, answer);
  return jsonResponse(answer.status, answer.body, {
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...answer.headers,
  });
}

/** `POST /auth/o/revoke-token/` (form: token, client_id, client_secret): always 200 for a good client. */
export function revokeEndpoint({ ctx, req }: SimCall): SimResponse {
  const form = formFields(req);
  if (!clientOk(ctx, form, basicCredentials(req), true)) return jsonResponse(401, { error: 'invalid_client' });
  if (form.token) ctx.tokens.revoke(form.token, ctx.options.clientId);
  return { status: 200 };
}
