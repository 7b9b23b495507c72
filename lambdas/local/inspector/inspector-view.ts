import { escapeHtml } from '../../core/html-page';
import { shownHeaders } from './event-json';
import { currentStep, type EventStep, type RecordedEvent } from './event-recorder';

/** Badge colour of a step kind (good, bad, in between). */
const KIND_CLASS: Readonly<Record<string, string>> = {
  processed: 'ok',
  queued: 'wait',
  received: 'wait',
  redriven: 'wait',
  skipped: '',
  refused: 'bad',
  failed: 'bad',
  parked: 'bad',
};

const VERDICT_CLASS: Readonly<Record<string, string>> = { valid: 'ok', invalid: 'bad', missing: 'bad' };

const badge = (text: string, kind: string | undefined) =>
  `<span class="badge ${kind ?? ''}">${escapeHtml(text)}</span>`;

const clock = (at: number) => new Date(at).toISOString().slice(11, 23);

/** Hidden fields every inspector form carries. */
const csrfField = (token: string) => `<input type="hidden" name="csrf" value="${escapeHtml(token)}">`;

function row(event: RecordedEvent): string {
  const step = currentStep(event);
  const where = step ? `${badge(step.kind, KIND_CLASS[step.kind])} ${escapeHtml(step.detail)}` : '';
  return (
    `<tr><td class="nowrap">${clock(event.receivedAt)}</td>` +
    `<td><a href="/events/${event.id}">#${event.id} ${escapeHtml(event.name)}</a>` +
    `${event.replayOf ? ` <span class="muted">(replay of #${event.replayOf})</span>` : ''}</td>` +
    // The start of the id tells deliveries apart; the event's page has all of it.
    `<td><code>${escapeHtml(event.deliveryId?.slice(0, 8) ?? '–')}</code></td>` +
    `<td class="nowrap">${event.body.length} B</td>` +
    `<td>${badge(event.signature, VERDICT_CLASS[event.signature])}</td><td>${where}</td></tr>`
  );
}

/** The table body of `/events`: newest first. */
export function eventRows(events: readonly RecordedEvent[]): string {
  if (events.length === 0) return '<tr><td colspan="6">No webhook yet. Mention the bot in the console.</td></tr>';
  return events.map(row).join('');
}

/** The dead-letter line: how many recorded events are parked, and the Redrive button. */
export function parkedPanel(events: readonly RecordedEvent[], csrfToken: string, back: string): string {
  const parked = events.filter((event) => currentStep(event)?.kind === 'parked').length;
  if (parked === 0) return '<p>Dead-letter queue: no parked event.</p>';
  return (
    `<div>Dead-letter queue: ${parked} parked event(s). ` +
    `<form class="inline" method="POST" action="/events/redrive">${csrfField(csrfToken)}` +
    `<input type="hidden" name="back" value="${escapeHtml(back)}">` +
    '<button type="submit">Redrive the dead-letter queue</button></form></div>'
  );
}

/** The list page's main content. */
export function renderEventList(events: readonly RecordedEvent[], csrfToken: string): string {
  return (
    '<h1>Event inspector</h1><p>Every webhook the local app received, newest first, with the path it took ' +
    'and its log lines. The local counterpart of a webhook dashboard; the deployed stack logs the same ' +
    'lines to CloudWatch.</p>' +
    `<div id="events-parked">${parkedPanel(events, csrfToken, '/events')}</div>` +
    '<table><caption>Webhooks received</caption><thead><tr><th scope="col">Time (UTC)</th>' +
    '<th scope="col">Event</th><th scope="col">Delivery id</th><th scope="col">Size</th>' +
    '<th scope="col">Signature</th><th scope="col">Where it is</th></tr></thead>' +
    `<tbody id="events-rows" data-announce="webhooks">${eventRows(events)}</tbody></table>`
  );
}

function stepItem(step: EventStep, start: number): string {
  return `<li>${badge(step.kind, KIND_CLASS[step.kind])} ${escapeHtml(step.detail)} <span class="muted">+${
    step.at - start
  } ms</span></li>`;
}

/** The path an event took, step by step, with the time since it arrived. */
export function eventPath(event: RecordedEvent): string {
  return event.steps.map((step) => stepItem(step, event.receivedAt)).join('') || '<li>Arriving…</li>';
}

/** Fields the page states once above (they are how the lines were found), left out of each line. */
const CORRELATION_FIELDS = new Set(['dedupKey', 'deliveryId', 'workspaceId']);

function fieldsText(fields: Readonly<Record<string, unknown>>): string {
  const rest = Object.entries(fields).filter(([key]) => !CORRELATION_FIELDS.has(key));
  return rest.length > 0 ? JSON.stringify(Object.fromEntries(rest)) : '';
}

/** The event's log lines (functions and handlers), as a table. */
export function eventLogs(event: RecordedEvent): string {
  if (event.logs.length === 0) return '<p>No log line names this event yet.</p>';
  const rows = event.logs
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.timestamp.slice(11, 23))}</td><td>${escapeHtml(line.level)}</td>` +
        `<td>${escapeHtml(line.message)}</td><td><code>${escapeHtml(fieldsText(line.fields))}</code></td></tr>`,
    )
    .join('');
  return (
    '<table><caption class="sr-only">Log lines of the event</caption><thead><tr>' +
    '<th scope="col">Time (UTC)</th><th scope="col">Level</th><th scope="col">Message</th>' +
    `<th scope="col">Fields</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** The buttons of an event: Replay always; Redrive when it is parked. */
export function eventActions(event: RecordedEvent, all: readonly RecordedEvent[], csrfToken: string): string {
  const replay =
    `<form method="POST" action="/events/${event.id}/replay">${csrfField(csrfToken)}` +
    '<button type="submit">Replay</button> <span class="muted">sends the same signed bytes and headers again, ' +
    'with a new X-Plane-Delivery, as Plane does on a retry</span></form>';
  const parked = currentStep(event)?.kind === 'parked' ? parkedPanel(all, csrfToken, `/events/${event.id}`) : '';
  return `${replay}${parked}`;
}

function pretty(body: Buffer): string {
  try {
    return JSON.stringify(JSON.parse(body.toString('utf8')), null, 2);
  } catch {
    return '(not JSON)';
  }
}

/** The detail page's main content (its live regions: path, actions, logs). */
export function renderEventDetail(event: RecordedEvent, all: readonly RecordedEvent[], csrfToken: string): string {
  const facts: Array<[string, string]> = [
    ['Received', new Date(event.receivedAt).toISOString()],
    ['Delivery id', event.deliveryId ?? '–'],
    ['Dedup key', event.dedupKey ?? '–'],
    ['Workspace', event.workspaceId ?? '–'],
    ['Size', `${event.body.length} bytes`],
    ['Signature', event.signature],
    ['Ingest answered', event.status === undefined ? '–' : String(event.status)],
  ];
  if (event.replayOf) facts.push(['Replay of', `#${event.replayOf}`]);
  const replays = all.filter((other) => other.replayOf === event.id).map((other) => `#${other.id}`);
  if (replays.length > 0) facts.push(['Replayed as', replays.join(', ')]);
  const headers = shownHeaders(event)
    .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return (
    `<h1>Event #${event.id}: ${escapeHtml(event.name)}</h1><p><a href="/events">All events</a> · ` +
    `<a href="/events/${event.id}.json">as JSON</a></p>` +
    `<dl>${facts.map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>` +
    `<h2>Path</h2><ol id="event-path" data-announce="the path">${eventPath(event)}</ol>` +
    `<h2>Actions</h2><div id="event-actions">${eventActions(event, all, csrfToken)}</div>` +
    `<h2>Log lines</h2><p class="muted">Lines of ingest, the processor and your handlers that carry this event's ` +
    `dedup key or delivery id.</p><div id="event-logs" data-announce="the log lines">${eventLogs(event)}</div>` +
    `<h2>Body</h2><pre>${escapeHtml(pretty(event.body))}</pre>` +
    `<details><summary>Raw bytes (${event.body.length}, exactly as received)</summary>` +
    `<pre>${escapeHtml(event.body.toString('utf8'))}</pre></details>` +
    `<p><a href="/events/${event.id}/raw">Download the raw bytes</a></p>` +
    `<h2>Headers</h2><table><caption class="sr-only">Request headers</caption><tbody>${headers}</tbody></table>`
  );
}
