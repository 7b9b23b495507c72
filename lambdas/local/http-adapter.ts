import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { Refusal } from './host-guard';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** Routes as API Gateway declares them: `METHOD /path`. */
export type RouteTable = Readonly<Record<string, HttpHandler>>;

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
const TEXT = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|[^;]*\+(json|xml))/i;
const MAX_BODY = 10 * 1024 * 1024;

/**
 * Builds the API Gateway HTTP API (payload 2.0) event for a Node request, as AWS would: raw
 * body bytes (base64 unless the content type is text), lower-cased headers (repeated ones joined
 * with commas), cookies split out, the raw query string.
 */
function toApiGatewayEvent(request: IncomingMessage, body: Buffer, routeKey: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i].toLowerCase();
    const value = request.rawHeaders[i + 1];
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookies = headers.cookie
    ? headers.cookie
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)
    : undefined;
  delete headers.cookie;
  const base64 = body.length > 0 && !TEXT.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies,
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : base64 ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: base64,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(result);
    return;
  }
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string> | undefined) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(
    result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body,
  );
}

/** Reads a whole request body; over `maxBytes` it rejects and drops the connection. */
export function readBody(request: IncomingMessage, maxBytes = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error(`body over ${maxBytes} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A node:http server in front of the Lambda handlers, standing in for API Gateway: unknown
 * routes get API Gateway's 404 `{"message":"Not Found"}`, a handler crash its 500. `routes` may
 * be a function, so handlers that need the server's own URL can be added after it listens.
 */
export function createHttpAdapter(
  routes: RouteTable | (() => RouteTable),
  options: {
    onError?: (error: unknown) => void;
    extra?: (request: IncomingMessage, response: ServerResponse) => boolean;
    /** Runs first: a request it refuses gets its status and reason, and reaches no route. */
    guard?: (request: IncomingMessage) => Refusal | undefined;
  } = {},
): Server {
  return createServer(async (request, response) => {
    const refusal = options.guard?.(request);
    if (refusal) {
      request.resume();
      response.writeHead(refusal.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: refusal.reason }));
      return;
    }
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const routeKey = `${request.method ?? 'GET'} ${path}`;
    const handler = (typeof routes === 'function' ? routes() : routes)[routeKey];
    if (!handler) {
      if (options.extra?.(request, response)) return;
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"Not Found"}');
      return;
    }
    try {
      const body = await readBody(request);
      send(response, await handler(toApiGatewayEvent(request, body, routeKey)));
    } catch (error) {
      options.onError?.(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"message":"Internal Server Error"}');
      }
    }
  });
}
