import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { QueuedEventAttributeNames } from '../../lambdas/core/queued-event';
import { closeServer, listen } from '../../lambdas/local/net';
import type { Rng } from './prng';

/** What the proxy did to one SendMessage call while refusing. */
type FaultMode = 'answer-500' | 'reset' | 'queue-then-500' | 'pass';

/**
 * What happened to the SQS sends carrying one `X-Plane-Delivery` (the ingest copies it into the `deliveryId`
 * attribute).
 */
export interface DeliveryTrace {
  /** Calls SQS answered 200 to: the message is in the queue. */
  queued: number;
  /** Of those, answers passed back to the SDK unchanged: the sender (ingest or the sweeper) was told "queued". */
  acknowledged: number;
  /** Epoch ms of the first such answer. */
  firstAcknowledgedAt?: number;
  /** Calls the proxy failed (500 or reset), with or without queueing. */
  refused: number;
}

export interface SqsFaultProxy {
  readonly endpoint: string;
  /** Points the proxy at the real SQS endpoint (called once the stand-in is up). */
  target(endpoint: string): void;
  /** Refuses every SendMessage call for `ms` milliseconds from now: SQS is down for its senders. */
  refuseFor(ms: number): void;
  readonly refusing: boolean;
  /** Resolves when the current refusal window is over. */
  cleared(): Promise<void>;
  readonly traces: ReadonlyMap<string, DeliveryTrace>;
  readonly injected: Readonly<Record<FaultMode, number>>;
  close(): Promise<void>;
}

const SQS_500 = JSON.stringify({ __type: 'com.amazonaws.sqs#InternalError', message: 'soak: injected failure' });

/**
 * A small HTTP proxy in front of local-aws-sqs for the functions (ingest, the sweeper). While
 * refusing, each SendMessage is answered 500, has its connection reset, or is queued and then
 * answered 500 (the message is in the queue but the SDK thinks not); everything else passes
 * through. Traces every SendMessage by the `deliveryId` attribute ingest copies from `X-Plane-Delivery`.
 */
export async function startSqsFaultProxy(rng: Rng): Promise<SqsFaultProxy> {
  let upstream = new URL('http://127.0.0.1:1');
  let refuseUntil = 0;
  const traces = new Map<string, DeliveryTrace>();
  const injected: Record<FaultMode, number> = { 'answer-500': 0, reset: 0, 'queue-then-500': 0, pass: 0 };
  const refusing = () => Date.now() < refuseUntil;

  const traceOf = (body: Buffer, target: string): DeliveryTrace | undefined => {
    if (!target.endsWith('.SendMessage')) return undefined;
    const input = JSON.parse(body.toString('utf8')) as { MessageAttributes?: Record<string, { StringValue?: string }> };
    const id = input.MessageAttributes?.[QueuedEventAttributeNames.deliveryId]?.StringValue;
    if (!id) return undefined;
    const trace = traces.get(id) ?? { queued: 0, acknowledged: 0, refused: 0 };
    traces.set(id, trace);
    return trace;
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    done: (status: number, headers: Record<string, string>, payload: Buffer) => void,
    failed: () => void,
  ) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === 'string' && name !== 'transfer-encoding') headers[name] = value;
          done(res.statusCode ?? 502, headers, Buffer.concat(chunks));
        });
      },
    );
    out.on('error', failed);
    out.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const trace = traceOf(body, String(req.headers['x-amz-target'] ?? ''));
    const answer500 = () => {
      if (trace) trace.refused += 1;
      res.writeHead(500, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'InternalError;Receiver',
      });
      res.end(SQS_500);
    };
    const mode: FaultMode =
      trace && refusing()
        ? rng.pick(['answer-500', 'answer-500', 'reset', 'reset', 'queue-then-500'] as const)
        : 'pass';
    if (trace && refusing()) injected[mode] += 1;
    if (mode === 'answer-500') return answer500();
    if (mode === 'reset') {
      if (trace) trace.refused += 1;
      req.socket.destroy();
      return;
    }
    forward(
      req,
      body,
      (status, headers, payload) => {
        if (trace && status === 200) trace.queued += 1;
        if (mode === 'queue-then-500') return answer500();
        if (trace && status === 200) {
          trace.acknowledged += 1;
          trace.firstAcknowledgedAt ??= Date.now();
        }
        res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
        res.end(payload);
      },
      () => res.destroy(),
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    target(endpoint) {
      upstream = new URL(endpoint);
    },
    refuseFor(ms) {
      refuseUntil = Date.now() + ms;
    },
    get refusing() {
      return refusing();
    },
    async cleared() {
      while (refusing()) await new Promise((resolve) => setTimeout(resolve, Math.max(10, refuseUntil - Date.now())));
    },
    traces,
    injected,
    close: () => closeServer(server),
  };
}
