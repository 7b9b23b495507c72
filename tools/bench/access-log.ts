/** What API Gateway puts in for each `$context` variable of one webhook request (a 32-letter webhook segment). */
const SAMPLE: Readonly<Record<string, string>> = {
  '$context.requestId': 'Hx3kPgA1oAMEbXw=',
  '$context.identity.sourceIp': '203.0.113.9',
  '$context.requestTime': '29/Nov/2026:12:00:00 +0000',
  '$context.httpMethod': 'POST',
  '$context.routeKey': 'POST /webhook/k3J9sQ2mZ8xT4vB7nR1pL6wY0cF5hD2a',
  '$context.status': '200',
  '$context.protocol': 'HTTP/1.1',
  '$context.responseLength': '11',
  '$context.integrationLatency': '12',
  '$context.responseLatency': '14',
  '$context.integrationErrorMessage': '-',
};

/**
 * Bytes of one access-log line for a webhook, in the format the stack gives its HTTP API stage
 * (loaded late: lib/ pulls in aws-cdk-lib).
 */
export async function accessLogBytes(): Promise<number> {
  const { ACCESS_LOG_FORMAT } = await import('../../lib/plane-http-api.js');
  const line = ACCESS_LOG_FORMAT.toString().replace(/\$context\.[A-Za-z.]+/g, (name) => SAMPLE[name] ?? '-');
  return Buffer.byteLength(`${line}\n`);
}
