import type { CachedSecret } from './cached-secret';
import { DELIVERY_HEADER, decodeBody, dedupKeyOf, EVENT_HEADER, parseEnvelope } from './envelope';
import { KitError, PayloadTooLargeError, SignatureError, UnavailableError } from './errors';
import { errorResponse, httpStatusOf } from './http-errors';
import { type HttpResponse, jsonResponse } from './http-response';
import type { Logger } from './logger';
import { MetricName, type Metrics } from './metrics';
import type { EventQueue } from './ports';
import type { QueuedEventAttributes } from './queued-event';
import { type HeaderMap, headerValue, parseSecretList, SIGNATURE_HEADER, verifySignature } from './signature';

export interface IngestRequest {
  /** The body bytes exactly as received (base64 already decoded). */
  readonly body: Uint8Array;
  readonly headers: HeaderMap;
}

export interface IngestOptions {
  readonly webhookSecret: CachedSecret;
  readonly queue: EventQueue;
  readonly maxBodyBytes: number;
  readonly log: Logger;
  readonly metrics: Metrics;
}

/** A signature miss re-reads the secret at most this often (a rotation may have just happened). */
const SECRET_RECHECK_MS = 30_000;

/**
 * The ingest use case: size check, signature over the raw bytes, envelope check, one queue
 * message, then 200. Answers 401/400/413 for bad input and 503 when the event is not durably
 * queued: never 200 for an event that is not in the queue.
 */
export function createIngest(options: IngestOptions): (request: IngestRequest) => Promise<HttpResponse> {
  const { webhookSecret, queue, maxBodyBytes, log, metrics } = options;

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
    const attributes: QueuedEventAttributes = {
      event: event.event,
      workspaceId: event.workspaceId,
      dedupKey,
      // X-Plane-Delivery is a uuid: only id characters travel on as an attribute and a log field.
      deliveryId:
        headerValue(request.headers, DELIVERY_HEADER)
          ?.replace(/[^A-Za-z0-9_-]/g, '')
          .slice(0, 100) || undefined,
    };
    try {
      await queue.send({ body: bodyText, attributes });
    } catch (cause) {
      if (httpStatusOf(cause) < 500) throw cause;
      log.error('webhook not queued', {
        dedupKey,
        event: event.name,
        workspaceId: event.workspaceId,
        error: errorName(cause),
      });
      throw new UnavailableError('the event could not be queued; send it again', { code: 'enqueue_failed', cause });
    }
    metrics.count(MetricName.WebhookAccepted);
    log.info('webhook queued', {
      dedupKey,
      event: event.name,
      workspaceId: event.workspaceId,
      deliveryId: attributes.deliveryId,
    });
    return jsonResponse(200, { ok: true });
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
