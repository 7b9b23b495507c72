import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlaneEvent } from '../../lambdas/core/events';
import type { Installation } from '../../lambdas/core/installation';
import type { Logger, LogLevel } from '../../lambdas/core/logger';
import type { MetricName, Metrics } from '../../lambdas/core/metrics';
import { createPlaneClient, type PlaneClient } from '../../lambdas/core/plane-client';
import type { Sleep } from '../../lambdas/core/retry-policy';

/** A fixed "now" for every fake clock: 2025-03-01T09:15:27Z. */
export const T0 = Date.UTC(2025, 2, 1, 9, 15, 27);

/** The webhook secret the fixture `issue-created.json.txt` was signed with (by Python's hmac). */
export const FIXTURE_SECRET = 'plane_wh_5c1f0e7a9b3d4c2e8f6a1b0c9d8e7f6a';
/** hmac.new(FIXTURE_SECRET, fixture bytes, sha256).hexdigest(), computed with python3. */
export const FIXTURE_SIGNATURE = 'aa84cb9948085b11607b911dda4c52e69e3e1d287f8b49f03a134a619f87d04e';
/** hashlib.sha256(fixture bytes).hexdigest(), computed with python3. */
export const FIXTURE_SHA256 = '1c04d0a6cc5a081c4988b93ad6feb9046763ed7ca538706e8fff99972ff4fe54';
/** Ids inside the fixture. */
export const FIXTURE_WORKSPACE_ID = '8d1e4f2a-3b6c-4d7e-9f80-1a2b3c4d5e6f';
export const FIXTURE_ACTOR_ID = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';
export const FIXTURE_WEBHOOK_ID = '3f2c1a9e-6b7d-4c58-9e21-0d4b5a7c8f10';

export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', name));
}

export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8');
}

export interface FakeClock {
  readonly now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start: number = T0): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

export interface FakeSleep {
  readonly sleep: Sleep;
  /** Every delay asked for, in order. */
  readonly delays: number[];
}

/** A sleep that records the delay, moves the fake clock on, and yields one turn of the event loop. */
export function fakeSleep(clock: FakeClock): FakeSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
      clock.advance(ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that keeps every line (children included) in one array. */
export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
      lines.push({ level, message, fields: { ...base, ...fields } });
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return { log: make({}), lines };
}

export interface MetricCount {
  readonly name: MetricName;
  readonly dimensions?: Record<string, string>;
  readonly value?: number;
}

export function captureMetrics(): { metrics: Metrics; counts: MetricCount[] } {
  const counts: MetricCount[] = [];
  return {
    counts,
    metrics: {
      count(name, dimensions, value) {
        counts.push({ name, dimensions, value });
      },
    },
  };
}

export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body?: string;
  readonly signal?: AbortSignal | null;
  readonly redirect?: string;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

/** A fetch that records each request and answers with `respond` (which may throw to fake a network error). */
export function recordingFetch(respond: Responder): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fake: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const request: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal,
      redirect: init?.redirect,
    };
    requests.push(request);
    return respond(request, requests.length - 1);
  };
  return { fetch: fake, requests };
}

/** A fetch that answers from a script, one entry per request; an Error entry is thrown. */
export function scriptedFetch(script: ReadonlyArray<() => Response | Error>): {
  fetch: typeof fetch;
  requests: RecordedRequest[];
} {
  return recordingFetch((_request, index) => {
    const next = script[index];
    if (!next) throw new Error(`unexpected request #${index + 1}`);
    const answer = next();
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function makeInstallation(overrides: Partial<Installation> = {}): Installation {
  return {
    workspaceId: FIXTURE_WORKSPACE_ID,
    workspaceSlug: 'acme',
    workspaceName: 'Acme',
    installationId: 'inst-7f3e2d1c',
    botUserId: 'b0b0b0b0-1111-4222-8333-444455556666',
    status: 'installed',
    createdAt: T0 - 86_400_000,
    updatedAt: T0 - 86_400_000,
    ...overrides,
  };
}

/** A Plane client whose every HTTP call fails the test: for code paths that must not call Plane. */
export function unusedPlaneClient(): PlaneClient {
  return createPlaneClient({
    baseUrl: 'https://plane.invalid',
    workspaceSlug: 'acme',
    token: async () => 'unused-token',
    maxAttempts: 1,
    fetch: async () => {
      throw new Error('this test must not call Plane');
    },
  });
}

/** A parsed event with only the routing fields that matter to a test. */
export function planeEvent(event: string, action?: string, overrides: Partial<PlaneEvent> = {}): PlaneEvent {
  return {
    name: action ? `${event}.${action}` : event,
    event,
    action,
    version: 'v1',
    workspaceId: FIXTURE_WORKSPACE_ID,
    data: { id: 'c6a9f3e1-2d4b-4f8a-b7c5-9e0d1f2a3b4c' },
    payload: {},
    ...overrides,
  };
}

/** What a promise rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}
