import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { DELIVERY_HEADER, decodeBody, dedupKeyOf, EVENT_HEADER, parseEnvelope } from '../../core/envelope';
import { SIGNATURE_HEADER } from '../../core/signature';
import type { HttpHandler } from '../http-adapter';
import type { EventRecorder, RecordedEvent, SignatureVerdict } from './event-recorder';

/** What the body says, when it can be read: the event's name, workspace and dedup key (as ingest computes it). */
function describe(body: Buffer, eventHeader: string | undefined) {
  try {
    const event = parseEnvelope(decodeBody(body), { eventName: eventHeader });
    return { name: event.name, workspaceId: event.workspaceId, dedupKey: dedupKeyOf(body, event) };
  } catch {
    return { name: eventHeader?.slice(0, 100) || '(unreadable body)' };
  }
}

/** Ingest's verdict on the signature, read from its answer: it checks the size first, then the signature. */
function verdict(status: number, code: string | undefined, signed: boolean): SignatureVerdict {
  if (status === 401) return signed ? 'invalid' : 'missing';
  if (status === 413 || status === 500 || code === 'secret_unavailable') return 'not checked';
  return 'valid';
}

function answerOf(result: APIGatewayProxyResultV2): { status: number; code?: string; message?: string } {
  if (typeof result === 'string') return { status: 200 };
  const status = result.statusCode ?? 200;
  try {
    const body = JSON.parse(result.body ?? '{}') as { error?: unknown; message?: unknown };
    return { status, code: String(body.error ?? ''), message: String(body.message ?? '') };
  } catch {
    return { status };
  }
}

/**
 * Wraps the ingest route so the inspector sees every webhook: the request (headers and raw
 * bytes), then ingest's answer: queued, skipped (no handler subscribes to it), or refused with
 * its status and reason. The handler and its answer are unchanged.
 */
export function tapIngest(handler: HttpHandler, recorder: EventRecorder): HttpHandler {
  return async (request: APIGatewayProxyEventV2) => {
    const body = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers[name] = value;
    const event: RecordedEvent = recorder.add({
      receivedAt: recorder.clock(),
      // The same cleaning as ingest's, so the processor's deliveryId attribute finds this record.
      deliveryId: headers[DELIVERY_HEADER]?.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 100) || undefined,
      headers,
      body,
      ...describe(body, headers[EVENT_HEADER]),
    });
    let result: APIGatewayProxyResultV2;
    try {
      result = await handler(request);
    } catch (error) {
      event.status = 500;
      recorder.step(
        event,
        'refused',
        `500 (the ingest handler crashed: ${error instanceof Error ? error.message : error})`,
      );
      throw error;
    }
    const answer = answerOf(result);
    event.status = answer.status;
    event.signature = verdict(answer.status, answer.code, Boolean(headers[SIGNATURE_HEADER]));
    // With SQS down, ingest keeps the event in the bucket and answers 200; an event no handler
    // subscribes to is answered 200 and not queued (core/ingest.ts logs which).
    const logged = (message: string) => event.logs.some((line) => line.message === message);
    if (answer.status === 200 && logged('webhook not subscribed')) {
      recorder.step(event, 'skipped', 'unsubscribed');
    } else if (answer.status === 200 && logged('webhook kept for the sweeper')) {
      recorder.step(
        event,
        'queued',
        'ingest answered 200: the queue refused it, so it waits in the bucket for the sweeper',
      );
    } else if (answer.status === 200) recorder.step(event, 'queued', 'ingest answered 200: the event is in the queue');
    else recorder.step(event, 'refused', `${answer.status} ${answer.code ?? ''}: ${answer.message ?? ''}`.trim());
    return result;
  };
}
