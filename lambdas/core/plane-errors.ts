import { KitError } from './errors';

/**
 * An HTTP error from Plane: the status, Plane's own message and error code, the method and the
 * path (never the query string, a header, a token or a request body).
 */
export class PlaneApiError extends KitError {
  readonly httpStatus: number;
  readonly planeMessage?: string;
  readonly planeErrorCode?: string;
  readonly method: string;
  readonly path: string;
  /** For 409 on a duplicate external_id: the id of the record that already exists. */
  readonly existingId?: string;

  constructor(fields: { status: number; method: string; path: string; body?: unknown }) {
    const detail = planeDetail(fields.body);
    const suffix = detail.message ? `: ${detail.message}` : '';
    super(`Plane answered ${fields.status} to ${fields.method} ${fields.path}${suffix}`, {
      code: fields.status === 409 ? 'already_exists' : 'plane_api_error',
      status: fields.status >= 500 || fields.status === 429 ? 503 : 502,
    });
    this.httpStatus = fields.status;
    this.planeMessage = detail.message;
    this.planeErrorCode = detail.code;
    this.method = fields.method;
    this.path = fields.path;
    this.existingId = detail.id;
  }
}

/** A request to Plane that got no HTTP answer (timeout, connection refused, DNS). */
export class PlaneNetworkError extends KitError {
  constructor(method: string, path: string, cause: unknown) {
    const reason = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : 'failed';
    super(`${method} ${path} to Plane ${reason}`, {
      code: 'plane_network_error',
      status: 503,
      cause: stripCause(cause),
    });
  }
}

/** Reads Plane's error shapes: `{"error": ...}`, `{"error_code", "error_message"}`, `{"detail": ...}`. */
export function planeDetail(body: unknown): { message?: string; code?: string; id?: string } {
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
