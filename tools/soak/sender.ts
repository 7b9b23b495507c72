import { randomUUID } from 'node:crypto';
import type { PlannedRequest } from './plan';

/** One HTTP attempt: its `X-Plane-Delivery`, the answer (0 for a network error) and when it came. */
export interface Attempt {
  readonly deliveryId: string;
  readonly status: number;
  /** Epoch ms of the answer. */
  readonly at: number;
}

export interface SendOutcome {
  readonly request: PlannedRequest;
  readonly attempts: Attempt[];
}

export interface SendOptions {
  readonly webhookUrl: string;
  readonly requests: readonly PlannedRequest[];
  /** Requests (or bursts) in flight at once. */
  readonly concurrency: number;
  /** First attempts per second at most (bursts count as one). Default: as fast as answered. */
  readonly ratePerSecond?: number;
  /** Awaited before a first attempt with the share (0..1) of requests before it: a fault may hold the sender. */
  readonly gate?: (share: number) => Promise<void>;
  /** Resolves once the app may take 5xx'd events again (Plane Cloud retries 5xx later). */
  readonly retryGate: () => Promise<void>;
  /** True while 5xx'd events should wait rather than be re-sent at once. */
  readonly holdRetries: () => boolean;
  /** Called after each first attempt with the number of requests sent so far. */
  readonly onFirstAttempt?: (sent: number) => void;
  /** Called after every attempt with its status (0 for a network error). */
  readonly onAttempt?: (status: number) => void;
  /** Attempts per request before giving up. Default 8. */
  readonly maxAttempts?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, request: PlannedRequest): Promise<Attempt> {
  const deliveryId = randomUUID();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Autopilot',
    'X-Plane-Delivery': deliveryId,
    'X-Plane-Event': 'issue',
  };
  if (request.signature !== undefined) headers['X-Plane-Signature'] = request.signature;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return { deliveryId, status: response.status, at: Date.now() };
  } catch {
    return { deliveryId, status: 0, at: Date.now() };
  }
}

/** The requests in order, those of one burst together. */
function groups(outcomes: SendOutcome[]): SendOutcome[][] {
  const grouped: SendOutcome[][] = [];
  for (const outcome of outcomes) {
    const last = grouped.at(-1);
    const burst = outcome.request.burst;
    if (burst !== undefined && last?.[0].request.burst === burst) last.push(outcome);
    else grouped.push([outcome]);
  }
  return grouped;
}

/**
 * Sends every planned request over real HTTP with a few in flight, like Plane's sender would; the
 * copies of a burst are posted at the same moment. A request answered 5xx (or not at all) is kept
 * and sent again, with a new delivery id, once `retryGate` opens. Resolves with every attempt of
 * every request.
 */
export async function sendAll(options: SendOptions): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = options.requests.map((request) => ({ request, attempts: [] }));
  const pending = groups(outcomes);
  const maxAttempts = options.maxAttempts ?? 8;
  const retries: SendOutcome[] = [];
  const interval = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  let nextDue = Date.now();
  let cursor = 0;
  let firstSent = 0;

  const next = async (): Promise<SendOutcome[] | undefined> => {
    for (;;) {
      if (retries.length > 0 && !options.holdRetries()) return [retries.shift() as SendOutcome];
      if (cursor < pending.length) {
        const group = pending[cursor++];
        await options.gate?.(group[0].request.index / outcomes.length);
        // Paced from the later of the last slot and now: a held sender resumes at its rate, not in a rush.
        const due = Math.max(nextDue, Date.now());
        nextDue = due + interval;
        if (due > Date.now()) await sleep(due - Date.now());
        return group;
      }
      if (retries.length === 0) return undefined;
      await options.retryGate();
    }
  };

  const send = async (outcome: SendOutcome): Promise<void> => {
    const attempt = await post(options.webhookUrl, outcome.request);
    outcome.attempts.push(attempt);
    options.onAttempt?.(attempt.status);
    if (outcome.attempts.length === 1) {
      firstSent += 1;
      options.onFirstAttempt?.(firstSent);
    }
    const unanswered = attempt.status === 0 || attempt.status >= 500;
    if (unanswered && outcome.attempts.length < maxAttempts) retries.push(outcome);
  };

  const worker = async (): Promise<void> => {
    for (let group = await next(); group; group = await next()) await Promise.all(group.map(send));
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}
