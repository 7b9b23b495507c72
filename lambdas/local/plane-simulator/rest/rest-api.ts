import type { Handler, SimContext } from '../context';
import type { PyJson } from '../format/python-json';
import { SimHttpError, type SimRequest, sendJson } from '../http/http-io';
import { type RateDecision, TOO_MANY_REQUESTS } from '../http/rate-limiter';
import type { SimUser } from '../records';
import { API_ROUTES } from '../rest-routes';
import type { ApiRoute } from './api-route';

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

function compile(pattern: string): RegExp {
  const source = pattern.replace(/:(\w+)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}

const COMPILED = API_ROUTES.map((route) => ({ route, regex: compile(route.pattern) }));

function findRoutes(path: string): Array<{ route: ApiRoute; params: Record<string, string> }> {
  const found: Array<{ route: ApiRoute; params: Record<string, string> }> = [];
  for (const { route, regex } of COMPILED) {
    const match = regex.exec(path);
    if (match) found.push({ route, params: { ...match.groups } });
  }
  return found;
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
 * Everything under `/api/v1`: route lookup (404 / 405), authentication (`X-API-Key` or
 * `Authorization: Bearer`), rate limits with `X-RateLimit-*` headers on every answer, injected
 * faults, then the route. Errors thrown by routes become their JSON answers.
 */
export const restApi: Handler = (ctx, req, res) => {
  const path = req.url.pathname.slice('/api/v1'.length);
  const caller = identify(ctx, req);
  const decision = ctx.limiter.hit(caller.bucket, caller.limit, caller.windowMs);
  const headers = rateHeaders(decision);
  const answer = (status: number, body: PyJson, extra: Record<string, string> = {}): void =>
    sendJson(res, status, body, { ...headers, ...extra });
  const candidates = findRoutes(path);
  if (candidates.length === 0) return answer(404, { detail: 'Not found.' });
  const match = candidates.find((candidate) => candidate.route.method === req.method);
  if (!match) return answer(405, { detail: `Method "${req.method}" not allowed.` });
  if (!caller.user) {
    const sent = req.headers.authorization !== undefined;
    return answer(401, {
      detail: caller.problem ?? (sent ? 'Invalid token.' : 'Authentication credentials were not provided.'),
    });
  }
  if (!decision.allowed) return answer(429, { ...TOO_MANY_REQUESTS }, { 'Retry-After': String(decision.retryAfter) });
  const injected = fault(ctx);
  if (injected) return answer(injected.status, injected.body, injected.headers);
  try {
    const result = match.route.run({ ctx, req, params: match.params, user: caller.user });
    answer(result.status, result.body);
  } catch (error) {
    if (!(error instanceof SimHttpError)) throw error;
    answer(error.status, error.body, error.headers);
  }
  ctx.options.log(`${req.method} /api/v1${path} -> ${res.statusCode} (${caller.user.display_name})`);
};
