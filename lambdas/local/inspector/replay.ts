import { randomUUID } from 'node:crypto';
import { DELIVERY_HEADER } from '../../core/envelope';
import type { EventRecorder, RecordedEvent } from './event-recorder';

/** Headers the HTTP client sets itself (fetch refuses some of them), and credentials a webhook never needs. */
const NOT_REPLAYED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'expect',
  'upgrade',
  'cookie',
  'authorization',
  DELIVERY_HEADER,
]);

/**
 * Sends a recorded webhook again to `webhookUrl`: the same body bytes and headers (so the same
 * signature), and a new X-Plane-Delivery, as Plane's sender does on a retry. The new delivery is
 * recorded like any other (it should come out as a duplicate); returns it.
 */
export async function replayEvent(
  event: RecordedEvent,
  webhookUrl: string,
  recorder: EventRecorder,
): Promise<{ status: number; replay?: RecordedEvent }> {
  const deliveryId = randomUUID();
  const headers: Record<string, string> = { [DELIVERY_HEADER]: deliveryId };
  for (const [name, value] of Object.entries(event.headers)) if (!NOT_REPLAYED.has(name)) headers[name] = value;
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers,
    body: event.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  await response.body?.cancel();
  const replay = recorder.match({ deliveryId });
  if (replay) {
    replay.replayOf = event.id;
    recorder.touch();
  }
  return { status: response.status, replay };
}
