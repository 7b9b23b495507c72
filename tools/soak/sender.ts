import { randomUUID } from 'node:crypto';
import type { PlannedRequest } from './plan';

/** One HTTP attempt: its `X-Plane-Delivery` and the answer (0 for a network error). */
interface Attempt {
  readonly deliveryId: string;
  readonly status: number;
}

export interface SendOutcome {
  readonly request: PlannedRequest;
  readonly attempts: Attempt[];
}

export interface SendOptions {
  readonly webhookUrl: string;
  readonly requests: readonly PlannedRequest[];
  /** Requests in flight at once. */
  readonly concurrency: number;
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
    return { deliveryId, status: response.status };
  } catch {
    return { deliveryId, status: 0 };
  }
}

/**
 * Sends every planned request over real HTTP with a few in flight, like Plane's sender would;
 * a request answered 5xx (or not at all) is kept and sent again, with a new delivery id, once
 * `retryGate` opens. Resolves with every attempt of every request.
 */
export async function sendAll(options: SendOptions): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = options.requests.map((request) => ({ request, attempts: [] }));
  const maxAttempts = options.maxAttempts ?? 8;
  const retries: SendOutcome[] = [];
  let cursor = 0;
  let firstSent = 0;

  const next = async (): Promise<SendOutcome | undefined> => {
    for (;;) {
      if (retries.length > 0 && !options.holdRetries()) return retries.shift();
      if (cursor < outcomes.length) return outcomes[cursor++];
      if (retries.length === 0) return undefined;
      await options.retryGate();
    }
  };

  const worker = async (): Promise<void> => {
    for (let outcome = await next(); outcome; outcome = await next()) {
      const attempt = await post(options.webhookUrl, outcome.request);
      outcome.attempts.push(attempt);
      options.onAttempt?.(attempt.status);
      if (outcome.attempts.length === 1) {
        firstSent += 1;
        options.onFirstAttempt?.(firstSent);
      }
      const unanswered = attempt.status === 0 || attempt.status >= 500;
      if (unanswered && outcome.attempts.length < maxAttempts) retries.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}
