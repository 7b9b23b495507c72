/**
 * An HTTP answer as the use cases give it (ingest's JSON, the install flow's pages and redirects)
 * and the edge sends it (API Gateway in adapters/http-event.ts, the local server).
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: string[];
  readonly body: string;
}

export function jsonResponse(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
