import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../core/html-page';
import { consoleShape, consoleUpdate, renderWorkItems } from './console-view';
import type { Csrf } from './csrf';
import { handleFormPost } from './form-post';
import type { LocalSettings } from './local-settings';
import { sendPage } from './page-shell';
import type { PlaneSimulator } from './plane-simulator';
import { createSseHub } from './sse';

export interface ConsoleOptions {
  readonly appUrl: string;
  readonly simulator?: PlaneSimulator;
  readonly settings: LocalSettings;
  /** The CSRF tokens of the app server's forms (shared with the event inspector: one session). */
  readonly csrf: Csrf;
}

/** The stream the console follows. */
const STREAM = '/local/stream';

function intro(options: ConsoleOptions): string {
  const { simulator, settings, appUrl } = options;
  const installed = simulator?.installation()?.status === 'installed';
  const planeUrl = escapeHtml(simulator?.url ?? settings.planeApiUrl ?? '');
  const apiKey = simulator ? ` · API key <code>${escapeHtml(settings.apiKey)}</code>` : '';
  const status = installed
    ? `<p>Installed in workspace <b>${escapeHtml(simulator?.data.workspace.name ?? '')}</b>. Mention the bot ` +
      'below: its reply appears here by itself. Every webhook the app receives is in the ' +
      '<a href="/events">event inspector</a>.</p>'
    : '<p><a href="/oauth/setup"><b>Install the app</b></a> (you will approve it on the simulated consent screen).</p>';
  return (
    '<h1>Your Plane app, running locally</h1>' +
    `<p>App: <code>${escapeHtml(appUrl)}</code> · Plane: <code>${planeUrl}</code>${apiKey}</p>${status}`
  );
}

/**
 * The local console at `/`: install link, the simulated work items with their comments and agent
 * runs, and a form to comment (mentioning the bot) as the seeded user. Replies and runs appear
 * without a reload: the page follows `/local/stream` (Server-Sent Events), which the simulator's
 * change notifications drive. Local mode only; never deployed.
 */
export function createConsole(
  options: ConsoleOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  const { simulator, csrf } = options;
  const hub = createSseHub();
  simulator?.onChange(() => hub.notify());
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (request.method === 'GET' && url.pathname === '/') {
      const session = csrf.session(request.headers.cookie);
      const body = simulator
        ? `${intro(options)}${renderWorkItems(simulator, session.token)}`
        : `${intro(options)}<p>Connected to a real Plane: use Plane itself to talk to your app.</p>`;
      sendPage(
        response,
        { title: 'Plane app (local)', body, stream: simulator ? STREAM : undefined, shape: consoleShape(simulator) },
        session.setCookie ? { 'set-cookie': session.setCookie } : {},
      );
      return true;
    }
    if (request.method === 'GET' && url.pathname === STREAM && simulator) {
      hub.open(request, response, () => JSON.stringify(consoleUpdate(simulator)));
      return true;
    }
    if (request.method === 'POST' && url.pathname === '/local/comment' && simulator) {
      handleFormPost(request, response, csrf, (form) => {
        const item = form.get('item') ?? '';
        if (!simulator.data.workItems.some((candidate) => candidate.id === item)) {
          return { status: 400, message: `No work item "${item.slice(0, 100)}" in the simulator.` };
        }
        const text = escapeHtml(form.get('text') ?? '');
        const mention = form.get('mention') && simulator.botUser() ? `${simulator.mentionHtml()} ` : '';
        simulator.createComment(item, `<p>${mention}${text}</p>`);
        return { status: 200, message: 'Comment posted.', location: `/#item-${encodeURIComponent(item)}` };
      });
      return true;
    }
    return false;
  };
}
