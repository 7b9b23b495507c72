import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler, SimContext } from '../context';
import { getInstallations, showConsent, submitConsent } from '../oauth/authorize-routes';
import { revokeEndpoint, tokenEndpoint } from '../oauth/token-endpoint';
import { restApi } from '../rest/rest-api';
import { readRequest, redirect, SimHttpError, sendJson } from './http-io';

const OAUTH_ROUTES: Readonly<Record<string, Partial<Record<string, Handler>>>> = {
  '/auth/o/authorize-app/': { GET: showConsent, POST: submitConsent },
  '/auth/o/token/': { POST: tokenEndpoint },
  '/auth/o/app-installation/': { GET: getInstallations },
  '/auth/o/revoke-token/': { POST: revokeEndpoint },
};

function handlerFor(path: string, method: string): Handler | 'method' | undefined {
  if (path.startsWith('/api/v1/')) return restApi;
  const routes = OAUTH_ROUTES[path];
  if (!routes) return undefined;
  return routes[method] ?? 'method';
}

function fail(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof SimHttpError) {
    sendJson(res, error.status, error.body, error.headers);
    return;
  }
  log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  sendJson(res, 500, { error: 'Something went wrong please try again later' });
}

/** The simulator's HTTP server: OAuth under `/auth/o/`, the REST API under `/api/v1/`. */
export interface SimServer {
  /** Listens and returns the bound port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** Creates (without starting) the server over a context. */
export function createSimServer(ctx: SimContext): SimServer {
  let server: Server | undefined;
  let base = 'http://127.0.0.1';
  const handle = async (req: import('node:http').IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const request = await readRequest(req, base);
      const path = request.url.pathname;
      // Django's APPEND_SLASH: GETs without the trailing slash are redirected; other methods 404.
      if (!path.endsWith('/') && request.method === 'GET' && handlerFor(`${path}/`, 'GET')) {
        return redirect(res, `${path}/${request.url.search}`, 301);
      }
      const handler = handlerFor(path, request.method);
      if (handler === undefined) return sendJson(res, 404, { detail: 'Not found.' });
      if (handler === 'method') return sendJson(res, 405, { detail: `Method "${request.method}" not allowed.` });
      await handler(ctx, request, res);
    } catch (error) {
      fail(res, error, ctx.options.log);
    }
  };
  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const created = createServer((req, res) => void handle(req, res));
        created.keepAliveTimeout = 1000;
        created.once('error', reject);
        created.listen(port, host, () => {
          created.off('error', reject);
          server = created;
          const bound = (created.address() as AddressInfo).port;
          base = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
          resolve(bound);
        });
      });
    },
    close() {
      const current = server;
      server = undefined;
      if (!current) return Promise.resolve();
      return new Promise((resolve) => {
        current.close(() => resolve());
        current.closeAllConnections();
      });
    },
  };
}
