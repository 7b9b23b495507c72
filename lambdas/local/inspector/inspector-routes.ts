import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RedriveResult } from '../../adapters/sqs-redrive';
import type { Csrf } from '../csrf';
import { handleFormPost } from '../form-post';
import { sendPage } from '../page-shell';
import { createSseHub } from '../sse';
import { eventDetail, eventSummary } from './event-json';
import type { EventRecorder, RecordedEvent } from './event-recorder';
import {
  eventActions,
  eventLogs,
  eventPath,
  eventRows,
  parkedPanel,
  renderEventDetail,
  renderEventList,
} from './inspector-view';
import { replayEvent } from './replay';

export interface InspectorOptions {
  readonly recorder: EventRecorder;
  /** The app server's CSRF tokens (one session with the console). */
  readonly csrf: Csrf;
  /** Where Replay sends an event: the local app's webhook route. */
  readonly webhookUrl: string;
  /** Moves the dead-letter queue's messages back to the event queue. */
  readonly redrive: () => Promise<RedriveResult>;
}

type Route = (request: IncomingMessage, response: ServerResponse) => boolean;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The live regions of a page: the list's, or one event's. */
function update(recorder: EventRecorder, token: string, id: string | null): string {
  const all = recorder.list();
  const event = id ? recorder.get(id) : undefined;
  if (id && !event) return JSON.stringify({ shape: 'gone', regions: {} });
  const regions = event
    ? {
        'event-path': eventPath(event),
        'event-actions': eventActions(event, all, token),
        'event-logs': eventLogs(event),
      }
    : { 'events-rows': eventRows(all), 'events-parked': parkedPanel(all, token, '/events') };
  return JSON.stringify({ shape: event ? `event:${event.id}` : 'list', regions });
}

/**
 * The event inspector at `/events`: every webhook the local app received, the path it took, its
 * log lines, body and raw bytes; Replay and Redrive. Pages follow `/events/stream` (SSE). For
 * tools (`npm run doctor -- --local`, `npm run send-webhook`): `GET /events.json` (filter with
 * `?delivery=` or `?dedupKey=`), `GET /events/<id>.json` and `GET /events/by-delivery/<id>`.
 */
export function createInspector(options: InspectorOptions): Route {
  const { recorder, csrf } = options;
  const hub = createSseHub();
  recorder.onChange(() => hub.notify());

  const page = (request: IncomingMessage, response: ServerResponse, event?: RecordedEvent) => {
    const session = csrf.session(request.headers.cookie);
    const all = recorder.list();
    const body = event ? renderEventDetail(event, all, session.token) : renderEventList(all, session.token);
    const stream = event ? `/events/stream?id=${event.id}` : '/events/stream';
    const title = event ? `Event #${event.id}: ${event.name}` : 'Event inspector';
    sendPage(
      response,
      { title, body, stream, shape: event ? `event:${event.id}` : 'list' },
      {
        ...(session.setCookie ? { 'set-cookie': session.setCookie } : {}),
      },
    );
  };

  const gets: Array<
    [RegExp, (request: IncomingMessage, response: ServerResponse, match: RegExpExecArray, url: URL) => void]
  > = [
    [/^\/events$/, (request, response) => page(request, response)],
    [
      /^\/events\/stream$/,
      (request, response, _match, url) => {
        const token = csrf.session(request.headers.cookie).token;
        hub.open(request, response, () => update(recorder, token, url.searchParams.get('id')));
      },
    ],
    [
      /^\/events\.json$/,
      (_request, response, _match, url) => {
        const delivery = url.searchParams.get('delivery');
        const dedupKey = url.searchParams.get('dedupKey');
        const events = recorder
          .list()
          .filter(
            (event) => (!delivery || event.deliveryId === delivery) && (!dedupKey || event.dedupKey === dedupKey),
          );
        sendJson(response, 200, { events: events.map(eventSummary) });
      },
    ],
    [
      /^\/events\/by-delivery\/([^/]+)$/,
      (_request, response, match) => {
        const event = recorder.match({ deliveryId: decodeURIComponent(match[1]) });
        response.writeHead(
          event ? 303 : 404,
          event ? { location: `/events/${event.id}` } : { 'content-type': 'text/plain' },
        );
        response.end(event ? '' : 'No webhook with that delivery id was recorded (the inspector keeps the last 200).');
      },
    ],
    [
      /^\/events\/(\d+)(\.json|\/raw)?$/,
      (request, response, match) => {
        const event = recorder.get(match[1]);
        const missing = `No event #${match[1]}: the inspector keeps the last 200 webhooks, since the start.`;
        if (!event && match[2] === undefined) {
          const body = `<h1>No such event</h1><p>${missing}</p><p><a href="/events">All events</a></p>`;
          return sendPage(response, { title: 'No such event', body }, {}, 404);
        }
        if (!event) return sendJson(response, 404, { message: missing });
        if (match[2] === '.json') return sendJson(response, 200, eventDetail(event));
        if (match[2] === '/raw') {
          response.writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename="event-${event.id}.json"`,
            'cache-control': 'no-store',
          });
          response.end(event.body);
          return;
        }
        page(request, response, event);
      },
    ],
  ];

  const replay = (request: IncomingMessage, response: ServerResponse, id: string) =>
    handleFormPost(request, response, csrf, async () => {
      const event = recorder.get(id);
      if (!event) return { status: 404, message: `No event #${id} (the inspector keeps the last 200).` };
      const { status, replay: sent } = await replayEvent(event, options.webhookUrl, recorder);
      if (!sent) return { status: 502, message: `Sent again, but the app answered ${status} and recorded nothing.` };
      return { status: 200, message: `Sent again as #${sent.id}.`, location: `/events/${sent.id}` };
    });

  const redrive = (request: IncomingMessage, response: ServerResponse) =>
    handleFormPost(request, response, csrf, async (form) => {
      const back = form.get('back') ?? '';
      // Each event shows the redrive when the processor receives it again (batch-tap.ts).
      const result = await options.redrive();
      const problems = [
        result.failed ? `${result.failed} could not be sent and stay parked` : '',
        result.notDeleted
          ? `${result.notDeleted} stay in the dead-letter queue too (the processor drops the copy)`
          : '',
      ].filter(Boolean);
      const message = `Moved ${result.moved} of ${result.parked} message(s) back to the event queue${
        problems.length > 0 ? `; ${problems.join('; ')}` : ''
      }.`;
      return {
        status: result.failed ? 502 : 200,
        message,
        location: /^\/events(\/\d+)?$/.test(back) ? back : '/events',
      };
    });

  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const path = url.pathname;
    if (request.method === 'GET') {
      for (const [pattern, run] of gets) {
        const match = pattern.exec(path);
        if (match) {
          run(request, response, match, url);
          return true;
        }
      }
      return false;
    }
    if (request.method !== 'POST') return false;
    const replayMatch = /^\/events\/(\d+)\/replay$/.exec(path);
    if (replayMatch) replay(request, response, replayMatch[1]);
    else if (path === '/events/redrive') redrive(request, response);
    else return false;
    return true;
  };
}
