import type { SimCall, SimContext } from '../context';
import { SimHttpError, type SimRequest } from '../http/http-io';
import { type RateDecision, TOO_MANY_REQUESTS } from '../http/rate-limiter';
import { errorResponse, jsonResponse, methodNotAllowed, NOT_FOUND, type SimResponse } from '../http/response';
import { createRouter, type Router } from '../http/router';
import { API_ROUTES, WEB_ROUTES } from '../resources';
import type { SimUser } from '../resources/members/record';
import type { ApiCall, ApiRoute } from './api-route';

/** Where the REST API is mounted. */
export const API_PREFIX = '/api/v1/';
/** Where Plane's web-app API is mounted (checked after API_PREFIX, which it contains). */
export const WEB_API_PREFIX = '/api/';

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Caller {
  user?: SimUser;
  bucket: string;
  limit: number;
  windowMs: number;
  /** Why credentials that were sent did not authenticate. */
  problem?: string;
}

/** Who is calling: the API key's human, an OAuth token's user or bot, or nobody (by IP). */
function identify(ctx: SimContext, req: SimRequest): Caller {
  const { options, data } = ctx;
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') {
    if (apiKey === options.apiKey)
      return { user: data.human, bucket: `api-key:${apiKey}`, limit: options.apiRateLimitPerMinute, windowMs: MINUTE };
    return {
      bucket: `ip:${req.remoteAddress}`,
      limit: options.apiRateLimitPerMinute,
      windowMs: MINUTE,
      problem: 'Given API token is not valid',
    };
  }
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) {
    const token = ctx.tokens.authenticate(header.slice(7).trim());
    const user = token ? data.users.find((candidate) => candidate.id === token.userId) : undefined;
    if (token && user)
      return { user, bucket: `token:${token.token}`, limit: options.oauthRateLimitPerHour, windowMs: HOUR };
  }
  return { bucket: `ip:${req.remoteAddress}`, limit: options.apiRateLimitPerMinute, windowMs: MINUTE };
}

function rateHeaders(decision: RateDecision): Record<string, string> {
  return { 'X-RateLimit-Remaining': String(decision.remaining), 'X-RateLimit-Reset': String(decision.resetAt) };
}

/** The injected fault for this call, if any (429 with `Retry-After: 1`, or 500). */
function fault(ctx: SimContext): SimHttpError | undefined {
  const { api429Rate, api500Rate } = ctx.faults;
  if (api429Rate <= 0 && api500Rate <= 0) return undefined;
  const draw = ctx.options.random();
  if (draw < api429Rate) return new SimHttpError(429, { ...TOO_MANY_REQUESTS }, { 'Retry-After': '1' });
  if (draw < api429Rate + api500Rate)
    return new SimHttpError(500, { error: 'Something went wrong please try again later' });
  return undefined;
}

/**
 * Serves `routes` under `prefix`: route lookup (404 / 405), authentication (`X-API-Key` or
 * `Authorization: Bearer`), rate limits with `X-RateLimit-*` headers on every answer, injected
 * faults, then the route. Errors thrown by routes become their JSON answers.
 */
function createRestApi(prefix: string, routes: readonly ApiRoute[]): (call: SimCall) => Promise<SimResponse> {
  const router = createRouter<ApiCall>(routes);
  return (call) => serve(call, prefix, router);
}

async function serve(call: SimCall, prefix: string, router: Router<ApiCall>): Promise<SimResponse> {
  const { ctx, req } = call;
  const path = req.url.pathname.slice(prefix.length - 1);
  const caller = identify(ctx, req);
  const decision = ctx.limiter.hit(caller.bucket, caller.limit, caller.windowMs);
  const headers = rateHeaders(decision);
  const answer = (response: SimResponse): SimResponse => ({
    ...response,
    headers: { ...headers, ...response.headers },
  });
  const found = router.find(path, req.method);
  if (found === 'not-found') return answer(NOT_FOUND);
  if (found === 'method-not-allowed') return answer(methodNotAllowed(req.method));
  if (!caller.user) {
    const sent = req.headers.authorization !== undefined;
    const detail = caller.problem ?? (sent ? 'Invalid token.' : 'Authentication credentials were not provided.');
    return answer(jsonResponse(401, { detail }));
  }
  if (!decision.allowed) {
    return answer(jsonResponse(429, { ...TOO_MANY_REQUESTS }, { 'Retry-After': String(decision.retryAfter) }));
  }
  const injected = fault(ctx);
  if (injected) return answer(errorResponse(injected));
  let response: SimResponse;
  try {
    const apiCall: ApiCall = { ...call, params: found.params, user: caller.user };
    response = answer(await found.route.run(apiCall));
  } catch (error) {
    if (!(error instanceof SimHttpError)) throw error;
    response = answer(errorResponse(error));
  }
  ctx.options.log(`${req.method} ${prefix.slice(0, -1)}${path} -> ${response.status} (${caller.user.display_name})`);
  return response;
}

/** Everything under `/api/v1`. */
export const restApi = createRestApi(API_PREFIX, API_ROUTES);

/** The web-app routes the simulator serves under `/api/` (resources' `webRoutes`). */
export const webApi = createRestApi(WEB_API_PREFIX, WEB_ROUTES);
