import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpResponse } from '../core/http-response';

/** An HTTP request as the use cases see it: raw body bytes, lower-cased headers, parsed query and cookies. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly cookies: Record<string, string>;
  readonly body: Uint8Array;
  /** `https://<domain>` of the API as the caller reached it. */
  readonly origin?: string;
}

function parseCookies(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs.flatMap((entry) => entry.split(';'))) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (name && !(name in out)) out[name] = pair.slice(at + 1).trim();
  }
  return out;
}

/** Maps an API Gateway HTTP API (payload 2.0) event. A base64 body is decoded as bytes, never as text. */
export function fromApiGateway(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? ''))
    if (!(name in query)) query[name] = value;
  const raw = event.body ?? '';
  const domain = event.requestContext?.domainName;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
    headers,
    query,
    cookies: parseCookies(event.cookies ?? (headers.cookie ? [headers.cookie] : [])),
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
    origin: domain ? `https://${domain}` : undefined,
  };
}

/** Maps an answer to API Gateway's structured result (a text body, never base64). */
export function toApiGateway(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: response.headers,
    ...(response.cookies && response.cookies.length > 0 ? { cookies: response.cookies } : {}),
    body: response.body,
    isBase64Encoded: false,
  };
}
