import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What came back from one POST: an HTTP status, or a network error / time-out. */
type PostOutcome = { status: number; body: string } | { error: string };

/** One POST that can be cancelled (on simulator stop). */
export interface PendingPost {
  readonly done: Promise<PostOutcome>;
  cancel(): void;
}

const MAX_RESPONSE_CHARS = 2000;

/**
 * POSTs a body with exactly the given headers (names keep their case, in order) on a fresh
 * connection (`agent: false`, so no keep-alive socket outlives the simulator). Resolves with the
 * status for any HTTP answer, or with an error for network failures and time-outs: never rejects.
 */
export function postOnce(
  url: string,
  headers: ReadonlyArray<[string, string]>,
  body: Buffer,
  timeoutMs: number,
): PendingPost {
  let req: ClientRequest | undefined;
  let settled = false;
  let finish: (outcome: PostOutcome) => void = () => undefined;
  const done = new Promise<PostOutcome>((resolve) => {
    finish = (outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
  });
  try {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // An object keeps the names' case and order; Node adds Host and Connection itself.
    const sent: Record<string, string> = Object.fromEntries(headers);
    sent['Content-Length'] = String(body.length);
    req = send(target, { method: 'POST', headers: sent, agent: false });
    req.setTimeout(timeoutMs, () => req?.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (error) => finish({ error: error.message }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MAX_RESPONSE_CHARS) text += chunk;
      });
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: text.slice(0, MAX_RESPONSE_CHARS) }));
      res.on('error', () => finish({ status: res.statusCode ?? 0, body: text.slice(0, MAX_RESPONSE_CHARS) }));
    });
    req.end(body);
  } catch (error) {
    finish({ error: error instanceof Error ? error.message : String(error) });
  }
  return {
    done,
    cancel() {
      req?.destroy(new Error('simulator stopped'));
      finish({ error: 'simulator stopped' });
    },
  };
}
