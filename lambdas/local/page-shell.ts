import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../core/html-page';
import { LIVE_SCRIPT } from './live-script';

// Colours meet WCAG AA contrast on their backgrounds (text ≥ 4.5:1), checked by axe in npm run test:browser.
const STYLE = `
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem 3rem;color:#1f2937;line-height:1.45}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;border-bottom:1px solid #d1d5db;
padding:.8rem 0}
header nav a{margin-right:1rem}a{color:#1d4ed8}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.3rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.muted{color:#4b5563}.live{font-size:.85rem;color:#4b5563}
section.item{border:1px solid #d1d5db;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}
ol.thread{list-style:none;padding:0;margin:.5rem 0}
.c{border-left:3px solid #d1d5db;padding:.2rem .8rem;margin:.5rem 0}.c p{margin:.2rem 0;white-space:pre-wrap}
.bot{border-color:#4338ca;background:#eef2ff}
.run{border:1px dashed #6366f1;border-radius:6px;padding:.3rem .8rem;margin:.5rem 0 .5rem 1.5rem}
.run ol{padding-left:1.2rem;margin:.3rem 0}.run li{margin:.2rem 0;white-space:pre-wrap}
.badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.8rem;background:#e5e7eb;color:#111827}
.ok{background:#dcfce7;color:#14532d}.bad{background:#fee2e2;color:#7f1d1d}.wait{background:#fef3c7;color:#78350f}
textarea{width:100%;box-sizing:border-box;font:inherit}button{font:inherit;padding:.3rem .9rem;cursor:pointer}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;
vertical-align:top}caption{text-align:left;font-weight:600;padding:.5rem 0}
pre{background:#f3f4f6;padding:.8rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
code{background:#f3f4f6;padding:0 .3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dd{margin:0}
form.inline{display:inline}td code{word-break:break-all}.nowrap{white-space:nowrap}`;

export interface ShellInput {
  readonly title: string;
  readonly body: string;
  /** The SSE stream the page follows (live regions are replaced from it). */
  readonly stream?: string;
  /** The page's structure: when the stream reports another, the page reloads. */
  readonly shape?: string;
}

/**
 * The frame of every local-mode page (console, inspector): a skip link, the navigation, a live
 * status and a polite announcer for screen readers, one inline style and one inline script. No
 * external assets, so the page is ready as soon as its HTML is.
 */
function renderShell(input: ShellInput, nonce: string): string {
  const live = input.stream
    ? `<span class="live" id="live-status" role="status">Connecting for live updates…</span>`
    : '';
  const data = input.stream
    ? ` data-stream="${escapeHtml(input.stream)}" data-shape="${escapeHtml(input.shape ?? '')}"`
    : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">` +
    `<title>${escapeHtml(input.title)}</title><style nonce="${nonce}">${STYLE}</style></head>` +
    `<body${data}><a class="skip" href="#main">Skip to content</a>` +
    `<header><nav aria-label="Local mode"><a href="/">Console</a><a href="/events">Event inspector</a></nav>` +
    `${live}</header><main id="main" tabindex="-1">${input.body}</main>` +
    `<p class="sr-only" aria-live="polite" id="announcer"></p>` +
    `<script nonce="${nonce}">${LIVE_SCRIPT}</script></body></html>`
  );
}

/**
 * Writes a page with a Content-Security-Policy that lets only this response's own style and
 * script run, and nothing frame it: local pages hold a CSRF token and act on the app.
 */
export function sendPage(
  response: ServerResponse,
  input: ShellInput,
  headers: Record<string, string> = {},
  status = 200,
): void {
  const nonce = randomBytes(16).toString('base64');
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; ` +
      `img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    ...headers,
  });
  response.end(renderShell(input, nonce));
}
