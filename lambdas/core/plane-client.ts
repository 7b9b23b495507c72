import { type AgentRunsApi, createAgentRunsApi } from './agent-runs';
import { DeadlineError } from './errors';
import { type Logger, silentLogger } from './logger';
import { MetricName, type Metrics, noMetrics } from './metrics';
import { PlaneApiError, PlaneNetworkError, readJson } from './plane-errors';
import { toPage } from './plane-page';
import type { Comment, CommentInput, CreateResult, Page, PlaneUser, WorkItem, WorkItemInput } from './plane-types';
import type { Clock } from './ports';
import { systemClock } from './ports';
import { registerSecret } from './redact';
import {
  isRetryableStatus,
  type Random,
  realSleep,
  realTimeoutSignal,
  retryDelayMs,
  type Sleep,
  type TimeoutSignal,
} from './retry-policy';

export interface PlaneClientOptions {
  readonly baseUrl: string;
  readonly workspaceSlug: string;
  /** Returns a bearer token; `rejected` is the token Plane just answered 401 to. */
  readonly token: (rejected?: string) => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** Jitter of the retry backoff. Default Math.random. */
  readonly random?: Random;
  /** Aborts a request after its timeout. Default AbortSignal.timeout. */
  readonly timeoutSignal?: TimeoutSignal;
  /** Epoch ms by which every call, retries included, must be over (the Lambda's remaining time). */
  readonly deadline?: () => number;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number;
  /** Attempts per call for 429, 5xx and network errors. Default 4. */
  readonly maxAttempts?: number;
  readonly log?: Logger;
  readonly metrics?: Metrics;
}

/**
 * Query and JSON body of a {@link PlaneClient.request} call.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface RequestOptions {
  readonly query?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  /**
   * Whether to send the request again after an answer that leaves unknown whether Plane acted: a
   * 5xx, a time-out or a network error. Default true. Pass false for a POST that Plane would do
   * twice (agent-run activities have no idempotency key) and decide yourself, as
   * `agentRuns.respond` does. A 429 and a 401 are retried either way: Plane did nothing.
   */
  readonly retryAmbiguous?: boolean;
}

export interface PlaneClient {
  readonly workspaceSlug: string;
  /** Any `/api/v1` call: `path` is relative to the workspace (`/projects/`) or absolute (`/api/v1/users/me/`). */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  me(): Promise<PlaneUser>;
  workItems: {
    get(projectId: string, id: string, options?: { expand?: string[] }): Promise<WorkItem>;
    list(
      projectId: string,
      options?: { perPage?: number; cursor?: string; expand?: string[] },
    ): Promise<Page<WorkItem>>;
    listAll(projectId: string, options?: { expand?: string[] }): AsyncIterable<WorkItem>;
    create(projectId: string, input: WorkItemInput): Promise<CreateResult<WorkItem>>;
    update(projectId: string, id: string, patch: WorkItemInput): Promise<WorkItem>;
  };
  comments: {
    list(projectId: string, workItemId: string): Promise<Comment[]>;
    create(projectId: string, workItemId: string, input: CommentInput): Promise<CreateResult<Comment>>;
  };
  /** A run's activities; `respond` answers a prompt once, however often the event is delivered. */
  agentRuns: AgentRunsApi;
}

const seg = encodeURIComponent;

/**
 * A small typed client for Plane's REST API. Every call has a timeout; 429/5xx/network errors are
 * retried with backoff honouring Retry-After and X-RateLimit-Reset, but never past the deadline
 * (then a DeadlineError fails the record and SQS retries later); a 401 renews the token once.
 * Errors carry status, method, path and Plane's message, never the token.
 */
export function createPlaneClient(options: PlaneClientOptions): PlaneClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeoutSignal = options.timeoutSignal ?? realTimeoutSignal;
  const deadline = options.deadline ?? (() => clock() + 60_000);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 4;
  const log = options.log ?? silentLogger;
  const metrics = options.metrics ?? noMetrics;
  const workspacePath = `/api/v1/workspaces/${seg(options.workspaceSlug)}`;

  const count = (status: string) => metrics.count(MetricName.PlaneApiCall, { Status: status });

  const waitOrGiveUp = async (delay: number, attempt: number, reason: Error): Promise<void> => {
    if (attempt + 1 >= maxAttempts) throw reason;
    if (clock() + delay >= deadline()) {
      throw new DeadlineError(
        `no time left to retry (${reason.message}); the event will be retried later`,
        reason,
        delay,
      );
    }
    await sleep(delay);
  };

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const fullPath = path.startsWith('/api/') ? path : `${workspacePath}${path}`;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined) query.set(key, String(value));
    const url = `${base}${fullPath}${query.size > 0 ? `?${query.toString()}` : ''}`;
    let rejected: string | undefined;
    let renewed = false;
    for (let attempt = 0; ; ) {
      const token = await options.token(rejected);
      registerSecret(token);
      const remaining = deadline() - clock();
      if (remaining <= 0)
        throw new DeadlineError(`no time left to call ${method} ${fullPath}; the event will be retried later`);
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          redirect: 'manual',
          signal: timeoutSignal(Math.min(timeoutMs, remaining)),
        });
      } catch (cause) {
        count('network');
        const error = new PlaneNetworkError(method, fullPath, cause);
        if (opts.retryAmbiguous === false) throw error;
        await waitOrGiveUp(retryDelayMs(undefined, attempt, clock, random), attempt, error);
        attempt += 1;
        continue;
      }
      const status = response.status;
      count(status === 429 ? '429' : `${Math.floor(status / 100)}xx`);
      if (status === 401 && !renewed) {
        await response.body?.cancel();
        renewed = true;
        rejected = token;
        log.info('Plane answered 401; renewing the token once', { method, path: fullPath });
        continue;
      }
      if (isRetryableStatus(status)) {
        if (status === 429) metrics.count(MetricName.PlaneApiThrottled);
        const error = new PlaneApiError({
          planeStatus: status,
          method,
          path: fullPath,
          body: await readJson(response),
        });
        if (status !== 429 && opts.retryAmbiguous === false) throw error;
        await waitOrGiveUp(retryDelayMs(response, attempt, clock, random), attempt, error);
        attempt += 1;
        continue;
      }
      const body = await readJson(response);
      if (!response.ok) throw new PlaneApiError({ planeStatus: status, method, path: fullPath, body });
      return body as T;
    }
  }

  const expand = (fields?: string[]) => (fields && fields.length > 0 ? fields.join(',') : undefined);
  const itemsPath = (projectId: string) => `/projects/${seg(projectId)}/work-items/`;

  const create = async <T extends { id: string }>(path: string, input: unknown): Promise<CreateResult<T>> => {
    try {
      const value = await request<T>('POST', path, { body: input });
      return { created: true, id: value.id, value };
    } catch (error) {
      if (error instanceof PlaneApiError && error.planeStatus === 409) return { created: false, id: error.existingId };
      throw error;
    }
  };

  const list = async (
    projectId: string,
    opts: { perPage?: number; cursor?: string; expand?: string[] } = {},
  ): Promise<Page<WorkItem>> => {
    const body = await request<Record<string, unknown>>('GET', itemsPath(projectId), {
      query: { per_page: Math.min(opts.perPage ?? 100, 100), cursor: opts.cursor, expand: expand(opts.expand) },
    });
    return toPage<WorkItem>(body);
  };

  return {
    workspaceSlug: options.workspaceSlug,
    request,
    me: () => request<PlaneUser>('GET', '/api/v1/users/me/'),
    workItems: {
      get: (projectId, id, opts = {}) =>
        request<WorkItem>('GET', `${itemsPath(projectId)}${seg(id)}/`, { query: { expand: expand(opts.expand) } }),
      list,
      async *listAll(projectId, opts = {}) {
        let cursor: string | undefined;
        for (;;) {
          const page = await list(projectId, { ...opts, cursor });
          yield* page.results;
          if (!page.hasNext || !page.nextCursor) return;
          cursor = page.nextCursor;
        }
      },
      create: (projectId, input) => create<WorkItem>(itemsPath(projectId), input),
      update: (projectId, id, patch) =>
        request<WorkItem>('PATCH', `${itemsPath(projectId)}${seg(id)}/`, { body: patch }),
    },
    comments: {
      async list(projectId, workItemId) {
        const comments: Comment[] = [];
        for (let cursor: string | undefined; ; ) {
          const body = await request<unknown>('GET', `${itemsPath(projectId)}${seg(workItemId)}/comments/`, {
            query: { per_page: 100, cursor },
          });
          if (Array.isArray(body)) return body as Comment[];
          const page = toPage<Comment>(body as Record<string, unknown>);
          comments.push(...page.results);
          if (!page.hasNext || !page.nextCursor) return comments;
          cursor = page.nextCursor;
        }
      },
      create: (projectId, workItemId, input) =>
        create<Comment>(`${itemsPath(projectId)}${seg(workItemId)}/comments/`, input),
    },
    agentRuns: createAgentRunsApi({ request, sleep }),
  };
}
