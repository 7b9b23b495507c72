import { createHmac, randomUUID } from 'node:crypto';
import { type PyJson, pythonJsonDumps } from '../format/python-json';
import { type PendingPost, postOnce } from './post';

/** One delivery attempt, as recorded for tests and the console. */
export interface WebhookDelivery {
  /** The attempt's `X-Plane-Delivery` (new on every attempt, as in Plane). */
  readonly deliveryId: string;
  readonly event: string;
  readonly action: string;
  readonly url: string;
  /** The request headers exactly as sent (names in their sent case). */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body: Python `json.dumps` output, the bytes that were signed. */
  readonly body: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** The app's HTTP status: any status counts as delivered. */
  readonly status?: number;
  /** Set instead of `status` on network errors and time-outs. */
  readonly error?: string;
  readonly durationMs: number;
}

export interface WebhookSenderOptions {
  secret: string;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  log: (line: string) => void;
}

/** Sends signed v1 webhooks one after another, retrying network failures in the background. */
export interface WebhookSender {
  readonly deliveries: ReadonlyArray<WebhookDelivery>;
  /**
   * Queues one webhook; returns at once (Plane's API does not wait for deliveries). A `concurrent`
   * one is posted at once, beside the queue.
   */
  send(url: string, event: string, payload: { readonly [key: string]: PyJson }, how?: { concurrent?: boolean }): void;
  idle(): Promise<void>;
  /** Cancels in-flight requests and pending retries; later sends are dropped. */
  stop(): void;
}

interface Job {
  url: string;
  event: string;
  action: string;
  body: string;
  signature: string;
  attempt: number;
}

/**
 * The `X-Plane-Signature` Plane's Python sender computes (bgtasks/webhook_task.py:
 * `hmac.new(secret_key.encode("utf-8"), json.dumps(payload).encode("utf-8"), hashlib.sha256)
 * .hexdigest()`). Same argument order as core's `signBody(body, secret)`, but deliberately not
 * core's code: the simulator plays Plane, and a bug in the kit's signing must not hide itself by
 * being on both sides of the wire.
 */
function planeSenderSignature(body: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
}

/**
 * Creates the sender. Like Plane's celery task it signs `json.dumps(payload)`, retries only
 * network errors and time-outs (after each of `retryDelaysMs`), and records every attempt.
 * First attempts go out in order, but for `concurrent` ones; a retry waits on its own timer and
 * does not hold the queue.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const deliveries: WebhookDelivery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<PendingPost>();
  let waiters: Array<() => void> = [];
  let pending = 0;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  const settle = (): void => {
    pending -= 1;
    if (pending > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const attempt = async (job: Job): Promise<void> => {
    if (stopped) return;
    const deliveryId = randomUUID();
    const headers: Array<[string, string]> = [
      ['Content-Type', 'application/json'],
      ['User-Agent', 'Autopilot'],
      ['X-Plane-Delivery', deliveryId],
      ['X-Plane-Event', job.event],
      ['X-Plane-Signature', job.signature],
    ];
    const started = Date.now();
    const post = postOnce(job.url, headers, Buffer.from(job.body, 'utf8'), options.timeoutMs);
    inFlight.add(post);
    const outcome = await post.done;
    inFlight.delete(post);
    if (stopped) return;
    const base = {
      deliveryId,
      event: job.event,
      action: job.action,
      url: job.url,
      body: job.body,
      attempt: job.attempt,
    };
    const durationMs = Date.now() - started;
    const sentHeaders = Object.fromEntries(headers);
    if ('status' in outcome) {
      deliveries.push({ ...base, headers: sentHeaders, status: outcome.status, durationMs });
      options.log(`webhook ${job.event}.${job.action} attempt ${job.attempt} -> ${outcome.status}`);
      settle();
      return;
    }
    deliveries.push({ ...base, headers: sentHeaders, error: outcome.error, durationMs });
    const delay = options.retryDelaysMs[job.attempt - 1];
    if (delay === undefined) {
      options.log(`webhook ${job.event}.${job.action} attempt ${job.attempt} failed (${outcome.error}); giving up`);
      settle();
      return;
    }
    options.log(
      `webhook ${job.event}.${job.action} attempt ${job.attempt} failed (${outcome.error}); retry in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      timers.delete(timer);
      void attempt({ ...job, attempt: job.attempt + 1 });
    }, delay);
    timers.add(timer);
  };

  return {
    deliveries,
    send(url, event, payload, how = {}) {
      if (stopped) return;
      const body = pythonJsonDumps(payload);
      const action = typeof payload.action === 'string' ? payload.action : '';
      const job: Job = { url, event, action, body, signature: planeSenderSignature(body, options.secret), attempt: 1 };
      pending += 1;
      const failed = (error: unknown) => {
        options.log(`webhook ${event} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
        settle();
      };
      if (how.concurrent) attempt(job).catch(failed);
      else queue = queue.then(() => attempt(job)).catch(failed);
    },
    idle() {
      if (pending === 0 || stopped) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const post of inFlight) post.cancel();
      inFlight.clear();
      pending = 0;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
  };
}
