import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../core/html-page';
import type { LocalSettings } from './local-settings';
import type { PlaneSimulator } from './plane-simulator';

export interface ConsoleOptions {
  readonly appUrl: string;
  readonly simulator?: PlaneSimulator;
  readonly settings: LocalSettings;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2937}' +
  'section{border:1px solid #e5e7eb;border-radius:8px;padding:1rem;margin:1rem 0}' +
  '.c{border-left:3px solid #e5e7eb;padding:.2rem .8rem;margin:.5rem 0}' +
  '.c div{white-space:pre-wrap}.bot{border-color:#6366f1;background:#eef2ff}' +
  'code{background:#f3f4f6;padding:0 .3rem}textarea{width:100%}small{color:#6b7280}';

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function workItems(simulator: PlaneSimulator): string {
  const { data } = simulator;
  const bot = simulator.botUser();
  const userName = (id: string) => data.users.find((user) => user.id === id)?.display_name ?? id;
  return data.workItems
    .map((item) => {
      const project = data.projects.find((candidate) => candidate.id === item.project);
      const state = data.states.find((candidate) => candidate.id === item.state)?.name ?? '?';
      const comments = data.comments
        .filter((comment) => comment.issue === item.id)
        .map(
          (comment) =>
            `<div class="c${comment.actor === bot?.id ? ' bot' : ''}">` +
            `<small>${escapeHtml(userName(comment.actor))}</small>` +
            `<div>${escapeHtml(comment.comment_stripped || comment.comment_html)}</div></div>`,
        )
        .join('');
      const form = bot
        ? `<form method="POST" action="/local/comment"><input type="hidden" name="item" value="${item.id}">` +
          `<textarea name="text" rows="2" placeholder="summary, help, priority high, assign me"></textarea>` +
          `<label><input type="checkbox" name="mention" checked> mention @${escapeHtml(bot.display_name)}</label>` +
          ' <button>Comment</button></form>'
        : '<small>Install the app to talk to its bot.</small>';
      return (
        `<section id="${item.id}">` +
        `<h3>${escapeHtml(project?.identifier ?? '')}-${item.sequence_id} ${escapeHtml(item.name)}</h3>` +
        `<small>${escapeHtml(state)} · priority ${escapeHtml(item.priority)} · ` +
        `assignees: ${escapeHtml(item.assignees.map(userName).join(', ') || 'none')}</small>` +
        `${comments}${form}</section>`
      );
    })
    .join('');
}

function page(options: ConsoleOptions, refresh: string | undefined): string {
  const { simulator, settings, appUrl } = options;
  const installed = simulator?.installation()?.status === 'installed';
  const reload = refresh ? `<meta http-equiv="refresh" content="2;url=/#${escapeHtml(refresh)}">` : '';
  const head =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plane app (local)</title>' +
    `${reload}<style>${STYLE}</style></head><body>`;
  const planeUrl = escapeHtml(simulator?.url ?? settings.planeApiUrl ?? '');
  const apiKey = simulator ? ` · API key <code>${escapeHtml(settings.apiKey)}</code>` : '';
  const intro =
    `<h1>Your Plane app, running locally</h1>` +
    `<p>App: <code>${escapeHtml(appUrl)}</code> · Plane: <code>${planeUrl}</code>${apiKey}</p>` +
    (installed
      ? `<p>Installed in workspace <b>${escapeHtml(simulator?.data.workspace.name ?? '')}</b>. ` +
        'Mention the bot below and reload to see its reply.</p>'
      : '<p><a href="/oauth/setup"><b>Install the app</b></a> ' +
        '(you will approve it on the simulated consent screen).</p>');
  const body = simulator
    ? workItems(simulator)
    : '<p>Connected to a real Plane: use Plane itself to talk to your app.</p>';
  return `${head}${intro}${body}</body></html>`;
}

/**
 * The local console at `/`: install link, the simulated work items with their comments, and a form
 * to comment (mentioning the bot) as the seeded user. Local mode only; never deployed.
 */
export function createConsole(
  options: ConsoleOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page(options, url.searchParams.get('posted') ?? undefined));
      return true;
    }
    if (request.method === 'POST' && url.pathname === '/local/comment' && options.simulator) {
      const simulator = options.simulator;
      void readForm(request).then(
        (form) => {
          const item = form.get('item') ?? '';
          const text = escapeHtml(form.get('text') ?? '');
          const mention = form.get('mention') && simulator.botUser() ? `${simulator.mentionHtml()} ` : '';
          try {
            simulator.createComment(item, `<p>${mention}${text}</p>`);
            response.writeHead(303, { location: `/?posted=${encodeURIComponent(item)}` });
          } catch (error) {
            response.writeHead(400, { 'content-type': 'text/plain' });
            response.end(String(error instanceof Error ? error.message : error));
            return;
          }
          response.end();
        },
        () => {
          response.writeHead(400);
          response.end();
        },
      );
      return true;
    }
    return false;
  };
}
