import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A faithful API Gateway HTTP API (payload 2.0) event, as the ingest and OAuth functions receive. */
export function apiGatewayEvent(options: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  base64?: boolean;
  query?: string;
  cookies?: string[];
}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'POST';
  const raw =
    options.body === undefined
      ? undefined
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(options.body, 'utf8');
  return {
    version: '2.0',
    routeKey: `${method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: options.query ?? '',
    cookies: options.cookies,
    headers: options.headers ?? {},
    queryStringParameters: options.query ? Object.fromEntries(new URLSearchParams(options.query)) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Autopilot' },
      requestId: 'req-1',
      routeKey: `${method} ${options.path}`,
      stage: '$default',
      time: '29/Nov/2026:12:00:00 +0000',
      timeEpoch: Date.parse('2026-11-29T12:00:00Z'),
    },
    body: raw === undefined ? undefined : options.base64 ? raw.toString('base64') : raw.toString('utf8'),
    isBase64Encoded: options.base64 ?? false,
  };
}
