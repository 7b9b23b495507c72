import type { IncomingMessage } from 'node:http';

/** The names of this machine a browser uses for a loopback server. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Hosts that mean "every interface": never a name a browser sends. */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** Why a request is refused: the status to answer and a reason a person can act on. */
export interface Refusal {
  readonly status: number;
  readonly reason: string;
}

function hostName(bindHost: string): string {
  return bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
}

/**
 * Checks the Host header of a request to a local server, against DNS rebinding: a page on another
 * site can point its own name at 127.0.0.1 and then talk to this server as a same-origin page, with
 * its own name in `Host`. So only this machine's loopback names (and the host the server is bound
 * to) on the port the request arrived on pass. Server-to-server calls (the simulator posting
 * webhooks, the app calling the simulator) use the same URLs, so they pass too.
 * Returns undefined when the request may go on.
 */
export function hostRefusal(request: IncomingMessage, bindHost?: string): Refusal | undefined {
  const port = request.socket.localPort;
  const allowed = new Set(LOOPBACK_NAMES);
  if (bindHost && !WILDCARDS.has(bindHost)) allowed.add(hostName(bindHost).toLowerCase());
  const host = (request.headers.host ?? '').trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d+)$/.exec(host);
  if (match && allowed.has(match[1]) && Number(match[2]) === port) return undefined;
  return {
    status: 421,
    reason:
      `Host "${host.slice(0, 100)}" is not this local server. Local mode answers only ` +
      `${[...allowed].map((name) => `${name}:${port}`).join(', ')} (against DNS rebinding): open ` +
      `http://127.0.0.1:${port}/ instead.`,
  };
}
