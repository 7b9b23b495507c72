import type { IncomingMessage } from 'node:http';
import type { PyJson } from '../format/python-json';

/** An error that maps to one HTTP answer: thrown by handlers and actions, answered by the server. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { readonly [key: string]: PyJson },
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'SimHttpError';
  }
}

/** Shorthand for Plane's `{"error": message}` answers. */
export function httpError(status: number, message: string): SimHttpError {
  return new SimHttpError(status, { error: message });
}

/** A request with its body read, as handlers see it. */
export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly remoteAddress: string;
  readonly rawBody: Buffer;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body (up to 1 MiB; more is answered 413). */
export async function readRequest(req: IncomingMessage, base: string): Promise<SimRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw httpError(413, 'Request body too large');
    chunks.push(buffer);
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: new URL(req.url ?? '/', base),
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress ?? 'unknown',
    rawBody: Buffer.concat(chunks),
  };
}

/** The media type of a request, lower-cased, without parameters. */
function mediaType(req: SimRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Form fields, read only from `application/x-www-form-urlencoded` bodies (as Django's
 * `request.POST`): any other content type yields no fields at all.
 */
export function formFields(req: SimRequest): Record<string, string> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') return {};
  return Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
}

/** A JSON object body; 400 like DRF's parser for anything else. */
export function jsonBody(req: SimRequest): Record<string, unknown> {
  const text = req.rawBody.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SimHttpError(400, {
      detail: `JSON parse error - ${error instanceof Error ? error.message : 'invalid JSON'}`,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SimHttpError(400, { detail: 'Invalid data. Expected a dictionary.' });
  }
  return parsed as Record<string, unknown>;
}
