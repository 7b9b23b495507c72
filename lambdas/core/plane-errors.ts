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

/** Plane refused or failed a token request. `refused` is true for answers that mean the installation is gone. */
export class TokenGrantError extends PlaneApiError {
  readonly refused: boolean;
  /** Plane's Retry-After on a 429, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(grant: string, planeStatus: number, body: unknown, retryAfterMs?: number) {
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
    // 401 is the app's own credentials, 429 the rate limit, 502-504 an outage: none of them
    // says the installation is gone. Plane answers a missing installation with 400 or 500.
    this.refused = planeStatus !== 429 && planeStatus !== 401 && planeStatus <= 500;
    this.retryAfterMs = retryAfterMs;
  }
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
