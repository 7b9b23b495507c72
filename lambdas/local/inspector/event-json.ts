import { currentStep, type RecordedEvent } from './event-recorder';

/** Headers never shown or handed out: a webhook needs neither, and a stray one may hold a credential. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The headers as the inspector shows them (credentials hidden). */
export function shownHeaders(event: RecordedEvent): Array<[string, string]> {
  return Object.entries(event.headers).map(([name, value]) => [name, HIDDEN_HEADERS.has(name) ? '[hidden]' : value]);
}

/** The short form of an event, as `GET /events.json` lists it. */
export function eventSummary(event: RecordedEvent) {
  const step = currentStep(event);
  return {
    id: event.id,
    url: `/events/${event.id}`,
    receivedAt: new Date(event.receivedAt).toISOString(),
    name: event.name,
    deliveryId: event.deliveryId ?? null,
    dedupKey: event.dedupKey ?? null,
    workspaceId: event.workspaceId ?? null,
    size: event.body.length,
    signature: event.signature,
    status: event.status ?? null,
    replayOf: event.replayOf ?? null,
    /** Where it is now: the last step's kind and detail. */
    outcome: step ? { kind: step.kind, detail: step.detail } : null,
  };
}

/** Everything about one event, as `GET /events/<id>.json` gives it (the body as text and as base64, exact). */
export function eventDetail(event: RecordedEvent) {
  return {
    ...eventSummary(event),
    headers: Object.fromEntries(shownHeaders(event)),
    body: event.body.toString('utf8'),
    bodyBase64: event.body.toString('base64'),
    steps: event.steps.map((step) => ({ ...step, at: new Date(step.at).toISOString() })),
    logs: event.logs,
  };
}
