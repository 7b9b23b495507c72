import { createServer } from 'node:http';
import autocannon from 'autocannon';
import type { AppSetup } from '../../lambdas/core/router';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { closeServer, listen } from '../../lambdas/local/net';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { createBrowser } from '../../test/helpers/browser';
import { issueUpdatedBodies, planeHeaders } from './signed-events';
import { nowMs, progress, round } from './stats';

/** The same load for local mode and the bare server: 10 connections for 10 s, one request each at a time. */
const LOAD = { connections: 10, durationSeconds: 10 } as const;
const DRAIN_TIMEOUT_MS = 120_000;

interface LoadFigures {
  readonly requests: number;
  readonly accepted: number;
  readonly acceptedPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** autocannon's latency by percentile, for the latency chart. */
  readonly curve: Array<{ percentile: number; ms: number }>;
}

export interface LocalThroughputResults {
  readonly local: LoadFigures & {
    /**
     * Events the processor finished (EventProcessed + EventSkipped) and how fast, from the first request to the last
     * one done.
     */
    readonly processed: number;
    readonly processedPerSecond: number;
    readonly drainedAfterLoadMs: number;
  };
  readonly bareHttp: LoadFigures;
}

/** Installs the app in local mode the way a person does: the simulator's consent form. */
export async function installThroughConsent(app: LocalApp): Promise<void> {
  const browser = createBrowser();
  const consent = await browser.get(app.installUrl);
  const { action, fields } = browser.form(consent, 'approve');
  const done = await browser.post(action, fields);
  if (done.status !== 200 || !app.simulator?.installation())
    throw new Error(`install failed: ${done.status} at ${done.url}`);
}

/** Fires signed, distinct webhooks at `url` with autocannon (bodies are signed as they are sent). */
async function load(url: string, body: (sequence: number) => string, secret: string): Promise<LoadFigures> {
  let sequence = 0;
  const result = await autocannon({
    url,
    connections: LOAD.connections,
    duration: LOAD.durationSeconds,
    requests: [
      {
        setupRequest: (request) => {
          sequence += 1;
          const text = body(sequence);
          return {
            ...request,
            method: 'POST',
            path: new URL(url).pathname,
            headers: planeHeaders(text, secret, 'issue'),
            body: text,
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    accepted: result['2xx'],
    acceptedPerSecond: round(result['2xx'] / result.duration, 0),
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    curve: [
      { percentile: 0, ms: result.latency.min },
      { percentile: 10, ms: result.latency.p10 },
      { percentile: 25, ms: result.latency.p25 },
      { percentile: 50, ms: result.latency.p50 },
      { percentile: 75, ms: result.latency.p75 },
      { percentile: 90, ms: result.latency.p90 },
      { percentile: 99, ms: result.latency.p99 },
      { percentile: 99.9, ms: result.latency.p99_9 },
      { percentile: 100, ms: result.latency.max },
    ],
  };
}

/** Sums EventProcessed / EventSkipped from EMF lines (one line carries a batch's count). */
function processedCounter() {
  const state = { count: 0, lastAt: 0 };
  const sink = (line: string) => {
    const metric = JSON.parse(line) as Record<string, unknown>;
    const value = Number(metric.EventProcessed ?? 0) + Number(metric.EventSkipped ?? 0);
    if (value > 0) {
      state.count += value;
      state.lastAt = nowMs();
    }
  };
  return { state, sink };
}

/**
 * An app with one handler for every event that does nothing: the example app subscribes to
 * comments only, and ingest would answer 200 to `issue.updated` without queueing it. So each
 * webhook costs ingest, the queue, a dedup claim and one handler call.
 */
const TAKES_EVERYTHING: AppSetup = (app) => app.onAny(() => undefined);

/**
 * Section 4: local mode (`startLocal`) under autocannon: `issue.updated` webhooks for an app that
 * takes every event (TAKES_EVERYTHING), each through ingest, the queue and the processor. Next to a
 * bare node:http server that only answers 200, under the same load from the same process.
 */
export async function benchLocalThroughput(): Promise<LocalThroughputResults> {
  const counter = processedCounter();
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    setup: TAKES_EVERYTHING,
    // Formats every line like `npm start` does, then drops it.
    log: createPrettyLogger({ colour: false, write: () => undefined }),
    metricsSink: counter.sink,
  });
  let local: LocalThroughputResults['local'];
  try {
    await installThroughConsent(app);
    await app.idle();
    const workspaceId = app.simulator?.data.workspace.id;
    progress(
      `local mode: autocannon ${LOAD.connections} connections for ${LOAD.durationSeconds} s on ${app.appUrl}/webhook`,
    );
    counter.state.count = 0;
    const startedAt = nowMs();
    const figures = await load(
      `${app.appUrl}/webhook`,
      issueUpdatedBodies(workspaceId),
      LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET,
    );
    const loadEndedAt = nowMs();
    progress(`local mode: ${figures.accepted} accepted; waiting for the queue to drain`);
    await app.idle(DRAIN_TIMEOUT_MS).catch((error: unknown) => progress(`not drained: ${String(error)}`));
    local = {
      ...figures,
      processed: counter.state.count,
      processedPerSecond: round(counter.state.count / ((counter.state.lastAt - startedAt) / 1000), 0),
      drainedAfterLoadMs: round(Math.max(0, counter.state.lastAt - loadEndedAt), 0),
    };
  } finally {
    await app.stop();
  }

  const bare = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  const port = await listen(bare, 0, '127.0.0.1');
  try {
    progress(`bare node:http: the same load on port ${port}`);
    const bareHttp = await load(`http://127.0.0.1:${port}/webhook`, issueUpdatedBodies(), 'unused-secret');
    return { local, bareHttp };
  } finally {
    await closeServer(bare);
  }
}
