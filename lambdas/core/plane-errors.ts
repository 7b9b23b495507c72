import { KitError } from './errors';

/** What Plane answered: its status, the request's method and path (never the query string), its body. */
export interface PlaneAnswer {
  readonly planeStatus: number;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/**
 * An HTTP error from Plane: Plane's status (`planeStatus`), its own message and error code, the
 * method and the path (never the query string, a header, a token or a request body). It never
 * reaches an HTTP answer of the app, so it carries no status of its own.
 */
export class PlaneApiError extends KitError {
  readonly planeStatus: number;
  readonly planeMessage?: string;
  readonly planeErrorCode?: string;
  readonly method: string;
  readonly path: string;
  /** For 409 on a duplicate external_id: the id of the record that already exists. */
  readonly existingId?: string;

  /** `message` and `code` replace the default ones ("Plane answered <status> to <method> <path>"). */
  constructor(answer: PlaneAnswer, options: { message?: string; code?: string } = {}) {
    const detail = planeDetail(answer.body);
    const suffix = detail.message ? `: ${detail.message}` : '';
    super(options.message ?? `Plane answered ${answer.planeStatus} to ${answer.method} ${answer.path}${suffix}`, {
      code: options.code ?? (answer.planeStatus === 409 ? 'already_exists' : 'plane_api_error'),
    });
    this.planeStatus = answer.planeStatus;
    this.planeMessage = detail.message;
    this.planeErrorCode = detail.code;
    this.method = answer.method;
    this.path = answer.path;
    this.existingId = detail.id;
  }
}

/** Plane's token endpoint (PLANE-FACTS.md). */
export const TOKEN_PATH = '/auth/o/token/';

/** How a failed token request came about, beyond Plane's status and body. */
export interface TokenGrantContext {
  /** Plane's Retry-After on a 429, in milliseconds. */
  readonly retryAfterMs?: number;
  /** The client id and secret sent got a token from Plane before (so `invalid_client` is news). */
  readonly credentialsWorkedBefore?: boolean;
}

/**
 * Plane failed a token request. `refused` is true only for an explicit OAuth refusal of the grant
 * (RFC 6749 section 5.2, which Plane's token endpoint, Django OAuth Toolkit on oauthlib, speaks):
 * `invalid_grant`, or `invalid_client` for credentials that got tokens before. Any other answer
 * proves nothing: Plane most likely answers a grant for a missing installation with a 500, the
 * same status an outage gives; an edge or WAF answers 403; proxies answer 404 or 408
 * (PLANE-FACTS.md, "failed bot grant"). Even a refusal is one piece of evidence: the token
 * manager marks an installation for reinstall only after a second one, minutes later
 * (core/grant-refusals.ts).
 */
export class TokenGrantError extends PlaneApiError {
  readonly refused: boolean;
  /** The OAuth `error` of Plane's answer (`invalid_grant`, `invalid_client`, ...), if it had one. */
  readonly oauthError?: string;
  /** Plane's Retry-After on a 429, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(grant: string, planeStatus: number, body: unknown, context: TokenGrantContext = {}) {
    const said = planeDetail(body).message;
    const hint = planeStatus === 401 ? '; check the client id and the ClientSecret secret' : '';
    super(
      { planeStatus, method: 'POST', path: TOKEN_PATH, body },
      {
        message: `Plane refused the ${grant} token request (${planeStatus}${said ? `: ${said}` : ''})${hint}`,
        code:
          planeStatus === 429 ? 'token_rate_limited' : planeStatus === 401 ? 'invalid_client' : 'token_grant_failed',
      },
    );
    this.oauthError = oauthErrorOf(body);
    // RFC 6749 answers these with 400, or 401 for client authentication.
    const oauthAnswer = planeStatus === 400 || planeStatus === 401;
    this.refused =
      oauthAnswer &&
      (this.oauthError === 'invalid_grant' ||
        (this.oauthError === 'invalid_client' && context.credentialsWorkedBefore === true));
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** The `error` field of an OAuth error answer: a short snake_case code, nothing else. */
function oauthErrorOf(body: unknown): string | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' && /^[a-z_]{1,40}$/.test(error) ? error : undefined;
}

/** A request to Plane that got no HTTP answer (timeout, connection refused, DNS). */
export class PlaneNetworkError extends KitError {
  constructor(method: string, path: string, cause: unknown) {
    const reason = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : 'failed';
    super(`${method} ${path} to Plane ${reason}`, { code: 'plane_network_error', cause: stripCause(cause) });
  }
}

/** Reads Plane's error shapes: `{"error": ...}`, `{"error_code", "error_message"}`, `{"detail": ...}`. */
function planeDetail(body: unknown): { message?: string; code?: string; id?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const pick = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : undefined);
  const message =
    pick(record.error_message) ??
    pick(record.error_description) ??
    pick(record.error) ??
    pick(record.detail) ??
    pick(record.message);
  const code = record.error_code !== undefined ? String(record.error_code) : pick(record.error);
  return { message, code, id: pick(record.id) };
}

/** Keeps only a cause's name and message: fetch errors can carry request details. */
function stripCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(cause.message);
  copy.name = cause.name;
  return copy;
}

/** Reads a JSON body without throwing (Plane's 5xx pages are HTML). */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
