import type { CachedSecret } from './cached-secret';
import { sha256Hex } from './claim-check';
import { DELIVERY_HEADER, decodeBody, dedupKeyOf, EVENT_HEADER, parseEnvelope } from './envelope';
import { KitError, PayloadTooLargeError, SignatureError, UnavailableError } from './errors';
import { CLAIM_FAILED, createEventSender, type SendOutcome } from './event-sender';
import { errorResponse, httpStatusOf } from './http-errors';
import { type HttpResponse, jsonResponse } from './http-response';
import type { Logger } from './logger';
import { MetricName, type Metrics, UNSUBSCRIBED } from './metrics';
import type { ClaimStore, EventQueue, OverflowStore } from './ports';
import type { QueuedEvent, QueuedEventAttributes } from './queued-event';
import { type HeaderMap, headerValue, parseSecretList, SIGNATURE_HEADER, verifySignature } from './signature';
import { routingNames, subscribedBy } from './subscriptions';

export interface IngestRequest {
  /** The body bytes exactly as received (base64 already decoded). */
  readonly body: Uint8Array;
  readonly headers: HeaderMap;
}

export interface IngestOptions {
  readonly webhookSecret: CachedSecret;
  readonly queue: EventQueue;
  /** Large bodies, by claim check. Asked for only when a body does not fit in a queue message. */
  readonly claims: () => Promise<ClaimStore>;
  /** Where an event goes when the queue refuses it. Asked for only then. */
  readonly overflow: () => Promise<OverflowStore>;
  readonly maxBodyBytes: number;
  /**
   * The events the app's handlers subscribe to (subscriptions.ts). A verified webhook none of them
   * matches is answered 200 and not queued. Undefined: every verified webhook is queued.
   */
  readonly subscriptions?: readonly string[];
  readonly log: Logger;
  readonly metrics: Metrics;
}

/** A signature miss re-reads the secret at most this often (a rotation may have just happened). */
const SECRET_RECHECK_MS = 30_000;

/**
 * The ingest use case: size check, signature over the raw bytes, envelope check, one queue
 * message (its body by claim check when too large for one), then 200. A verified webhook that no
 * handler subscribes to is answered 200 without a message (Plane sends one webhook per changed
 * field; most concern nobody). When the queue refuses, the
 * event is kept in the bucket for the sweeper and still answered 200: Plane's sender treats every
 * HTTP status as delivered, so an error answer loses the event. Answers 401/400/413 for bad input
 * and 503 only when neither the queue nor the bucket holds the event: never 200 for an event that
 * is not durable.
 */
export function createIngest(options: IngestOptions): (request: IngestRequest) => Promise<HttpResponse> {
  const { webhookSecret, maxBodyBytes, log, metrics } = options;
  const send = createEventSender({ queue: options.queue, claims: options.claims });
  const wanted = options.subscriptions ? subscribedBy(options.subscriptions) : () => true;

  const verify = async (request: IngestRequest): Promise<boolean> => {
    const signature = headerValue(request.headers, SIGNATURE_HEADER);
    if (verifySignature(request.body, signature, parseSecretList(await webhookSecret.get()))) return true;
    if (!signature) return false;
    const refreshed = await webhookSecret.refreshIfOlderThan(SECRET_RECHECK_MS);
    return refreshed !== undefined && verifySignature(request.body, signature, parseSecretList(refreshed));
  };

  const accept = async (request: IngestRequest): Promise<HttpResponse> => {
    if (request.body.byteLength > maxBodyBytes) throw new PayloadTooLargeError(request.body.byteLength, maxBodyBytes);
    let verified: boolean;
    try {
      verified = await verify(request);
    } catch (cause) {
      throw new UnavailableError('the webhook secret could not be read', { code: 'secret_unavailable', cause });
    }
    if (!verified) throw new SignatureError();
    const bodyText = decodeBody(request.body);
    const event = parseEnvelope(bodyText, { eventName: headerValue(request.headers, EVENT_HEADER) });
    const dedupKey = dedupKeyOf(request.body, event);
    // X-Plane-Delivery is a uuid: only id characters travel on as an attribute and a log field.
    const deliveryId =
      headerValue(request.headers, DELIVERY_HEADER)
        ?.replace(/[^A-Za-z0-9_-]/g, '')
        .slice(0, 100) || undefined;
    // One INFO line per webhook (dedup key and event); the rest at DEBUG, and on warnings and errors.
    const context = { dedupKey, event: event.name };
    const details = { ...context, workspaceId: event.workspaceId, deliveryId };
    log.debug('webhook verified', { ...details, bytes: request.body.byteLength });
    if (!wanted(routingNames(event))) {
      metrics.count(MetricName.WebhookAccepted, { Reason: UNSUBSCRIBED });
      log.info('webhook not subscribed', context);
      return jsonResponse(200, { ok: true });
    }
    const attributes: QueuedEventAttributes = {
      event: event.event,
      workspaceId: event.workspaceId,
      dedupKey,
      deliveryId,
    };
    const outcome = await durably({ body: bodyText, attributes }, details);
    metrics.count(MetricName.WebhookAccepted);
    if (outcome === 'offloaded') metrics.count(MetricName.WebhookOffloaded);
    log.info(outcome === 'overflowed' ? 'webhook kept for the sweeper' : 'webhook queued', {
      ...context,
      ...(outcome === 'queued' ? {} : { via: outcome }),
    });
    return jsonResponse(200, { ok: true });
  };

  /** Queues the event, or keeps it in the bucket when the queue refuses; throws when neither holds it. */
  const durably = async (
    message: QueuedEvent,
    context: Record<string, string | undefined>,
  ): Promise<SendOutcome | 'overflowed'> => {
    try {
      return await send(message);
    } catch (cause) {
      if (httpStatusOf(cause) < 500) throw cause;
      const queueDown = !(cause instanceof UnavailableError && cause.code === CLAIM_FAILED);
      if (queueDown) {
        try {
          await (await options.overflow()).put(message, sha256Hex(message.body));
          metrics.count(MetricName.WebhookOverflowed);
          log.warn('the queue refused a webhook; kept it in the bucket for the sweeper', {
            ...context,
            error: errorName(cause),
          });
          return 'overflowed';
        } catch (overflowCause) {
          log.error('the bucket refused the webhook too', { ...context, error: errorName(overflowCause) });
        }
      }
      log.error('webhook not queued', { ...context, error: errorName(cause) });
      throw new UnavailableError('the event could not be queued; send it again', { code: 'enqueue_failed', cause });
    }
  };

  return async (request) => {
    try {
      return await accept(request);
    } catch (error) {
      const known = error instanceof KitError ? error : undefined;
      const code = known?.code ?? 'internal_error';
      metrics.count(MetricName.WebhookRejected, { Reason: code });
      if (!known) log.error('ingest failed', { error: errorName(error) });
      else if (httpStatusOf(known) < 500)
        log.warn('webhook rejected', {
          reason: code,
          detail: known.message,
          event: headerValue(request.headers, EVENT_HEADER)?.slice(0, 100),
        });
      return errorResponse(error);
    }
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
