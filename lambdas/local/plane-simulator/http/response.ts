import type { ServerResponse } from 'node:http';
import type { PyJson } from '../format/python-json';
import type { SimHttpError } from './http-io';

/**
 * What every route returns (OAuth and REST alike): a status, at most one body (JSON or HTML)
 * and extra headers. The server writes it; routes never touch the Node response.
 */
export interface SimResponse {
  readonly status: number;
  /** Written compactly with `JSON.stringify`, as DRF renders it. */
  readonly json?: PyJson;
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function jsonResponse(status: number, body: PyJson, headers?: Readonly<Record<string, string>>): SimResponse {
  return { status, json: body, headers };
}

export function htmlResponse(status: number, html: string): SimResponse {
  return { status, html };
}

/** A redirect with an empty body (302 unless told otherwise). */
export function redirectResponse(location: string, status = 302): SimResponse {
  return { status, headers: { Location: location } };
}

/** The answer a thrown SimHttpError stands for. */
export function errorResponse(error: SimHttpError): SimResponse {
  return jsonResponse(error.status, error.body, error.headers);
}

/** DRF's answer for an unknown route. */
export const NOT_FOUND: SimResponse = jsonResponse(404, { detail: 'Not found.' });

/** DRF's answer for a known route and an unknown method. */
export function methodNotAllowed(method: string): SimResponse {
  return jsonResponse(405, { detail: `Method "${method}" not allowed.` });
}

/** Writes a response with its Content-Type and Content-Length. */
export function writeResponse(res: ServerResponse, response: SimResponse): void {
  const headers = response.headers ?? {};
  let body = '';
  let type: Record<string, string> = {};
  if (response.html !== undefined) {
    body = response.html;
    type = { 'Content-Type': 'text/html; charset=utf-8' };
  } else if (response.json !== undefined) {
    body = JSON.stringify(response.json);
    type = { 'Content-Type': 'application/json' };
  }
  res.writeHead(response.status, { ...headers, ...type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
