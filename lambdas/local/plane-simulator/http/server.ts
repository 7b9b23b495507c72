import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostRefusal } from '../../host-guard';
import type { SimCall, SimContext } from '../context';
import { OAUTH_ROUTES } from '../oauth/routes';
import { API_PREFIX, restApi, WEB_API_PREFIX, webApi } from '../rest/rest-api';
import { readRequest, SimHttpError, type SimRequest } from './http-io';
import {
  errorResponse,
  jsonResponse,
  methodNotAllowed,
  NOT_FOUND,
  redirectResponse,
  type SimResponse,
  writeResponse,
} from './response';
import { createRouter } from './router';

const oauth = createRouter<SimCall>(OAUTH_ROUTES);

function knownPath(path: string): boolean {
  return path.startsWith(WEB_API_PREFIX) || oauth.find(path, 'GET') !== 'not-found';
}

/**
 * Routes one request: the REST API under `/api/v1/`, the few web-app routes under `/api/`, the
 * OAuth pages under `/auth/o/`.
 */
async function respond(ctx: SimContext, req: SimRequest): Promise<SimResponse> {
  const path = req.url.pathname;
  // Django's APPEND_SLASH: GETs without the trailing slash are redirected; other methods 404.
  if (!path.endsWith('/') && req.method === 'GET' && knownPath(`${path}/`)) {
    return redirectResponse(`${path}/${req.url.search}`, 301);
  }
  const call: SimCall = { ctx, req, params: {} };
  if (path.startsWith(API_PREFIX)) return restApi(call);
  if (path.startsWith(WEB_API_PREFIX)) return webApi(call);
  const found = oauth.find(path, req.method);
  if (found === 'not-found') return NOT_FOUND;
  if (found === 'method-not-allowed') return methodNotAllowed(req.method);
  return found.route.run({ ...call, params: found.params });
}

function failure(error: unknown, log: (line: string) => void): SimResponse {
  if (error instanceof SimHttpError) return errorResponse(error);
  log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  return jsonResponse(500, { error: 'Something went wrong please try again later' });
}

/** The simulator's HTTP server: OAuth under `/auth/o/`, the REST API under `/api/v1/`. */
export interface SimServer {
  /** Listens and returns the bound port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** Creates (without starting) the server over a context; `afterWrite` runs after each answered write. */
export function createSimServer(ctx: SimContext, afterWrite: () => void = () => undefined): SimServer {
  let server: Server | undefined;
  let base = 'http://127.0.0.1';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Plane's ALLOWED_HOSTS is "*" (apps/api/plane/settings/common.py); the simulator is stricter
    // because it runs on a laptop, where a rebound DNS name must not reach it.
    const refusal = hostRefusal(req, ctx.options.host);
    if (refusal) {
      req.resume();
      writeResponse(res, jsonResponse(refusal.status, { error: refusal.reason }));
      return;
    }
    let response: SimResponse;
    try {
      response = await respond(ctx, await readRequest(req, base));
    } catch (error) {
      response = failure(error, ctx.options.log);
    }
    writeResponse(res, response);
    if (req.method !== 'GET' && req.method !== 'HEAD') afterWrite();
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
