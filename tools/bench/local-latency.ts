import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { ROOT } from './build-bundle';
import { freePort } from './free-port';
import { installThroughConsent } from './local-throughput';
import { median, nowMs, percentile, percentileCurve, progress, round, waitUntil } from './stats';

const STARTS = 5;
const MENTIONS = 20;
const REPLY_TIMEOUT_MS = 15_000;

export interface LocalLatencyResults {
  /** startLocal() call to resolved, in process (modules already loaded). */
  readonly startMedianMs: number;
  readonly startMinMs: number;
  /**
   * `npm start` (tsx bin/start.ts) spawned until it printed "running locally": includes Node, tsx and loading every
   * module.
   */
  readonly npmStartMs: number;
  /** Comment POSTed through the simulator's REST API until the bot's reply is in the simulator. */
  readonly mentionToReplyMedianMs: number;
  readonly mentionToReplyP90Ms: number;
  readonly mentionReplies: number;
  /** Mention-to-reply latency by percentile, for the latency chart. */
  readonly mentionCurve: Array<{ percentile: number; ms: number }>;
  readonly agentRuns: boolean;
}

const quietLocal = () =>
  startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ colour: false, write: () => undefined }),
  });

/** Spawns `npm start` (tsx bin/start.ts, without npm's own start-up) and times it to "running locally"; then SIGINT. */
async function timeNpmStart(): Promise<number> {
  const [port, simPort] = [await freePort(), await freePort()];
  const startedAt = nowMs();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PLANE_SIM_PORT: String(simPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start not ready after 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('running locally')) {
          clearTimeout(timer);
          resolve(nowMs() - startedAt);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
    });
    return round(readyMs, 0);
  } finally {
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

/** Mentions the bot with `help` on a work item, as the seeded human, and times the reply. */
async function timeMention(app: LocalApp, index: number): Promise<number> {
  const sim = app.simulator;
  const bot = sim?.botUser();
  if (!sim || !bot) throw new Error('local mode has no installed simulator');
  const item = sim.data.workItems[index % sim.data.workItems.length];
  const replies = () =>
    sim.data.comments.filter((comment) => comment.issue === item.id && comment.actor === bot.id).length;
  const before = replies();
  const startedAt = nowMs();
  const response = await fetch(
    `${app.planeUrl}/api/v1/workspaces/${sim.data.workspace.slug}` +
      `/projects/${item.project}/work-items/${item.id}/comments/`,
    {
      method: 'POST',
      headers: { 'X-API-Key': LOCAL_DEFAULTS.PLANE_SIM_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ comment_html: `<p>${sim.mentionHtml()} help</p>` }),
    },
  );
  if (response.status >= 300) throw new Error(`comment POST answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  if (!(await waitUntil(() => replies() > before, REPLY_TIMEOUT_MS)))
    throw new Error(`no reply to mention ${index} within ${REPLY_TIMEOUT_MS} ms`);
  const elapsed = nowMs() - startedAt;
  await app.idle();
  return elapsed;
}

/** Section 5: how long local mode takes to start, and from a mention to the bot's reply. */
export async function benchLocalLatency(): Promise<LocalLatencyResults> {
  const starts: number[] = [];
  let app: LocalApp | undefined;
  try {
    progress(`local mode: ${STARTS} fresh starts in process`);
    for (let i = 0; i < STARTS; i += 1) {
      const startedAt = nowMs();
      const started = await quietLocal();
      starts.push(nowMs() - startedAt);
      if (i < STARTS - 1) await started.stop();
      else app = started;
    }
    if (!app) throw new Error('local mode did not start');
    await installThroughConsent(app);
    await app.idle();
    progress(`local mode: ${MENTIONS} mentions, timed to the bot's reply`);
    const mentions: number[] = [];
    for (let i = 0; i < MENTIONS; i += 1) mentions.push(await timeMention(app, i));
    const agentRuns = app.env.PLANE_AGENT_RUNS === 'true';
    await app.stop();
    app = undefined;
    progress('npm start: spawned once, timed to "running locally"');
    const npmStartMs = await timeNpmStart();
    return {
      startMedianMs: round(median(starts), 0),
      startMinMs: round(Math.min(...starts), 0),
      npmStartMs,
      mentionToReplyMedianMs: round(median(mentions), 1),
      mentionToReplyP90Ms: round(percentile(mentions, 90), 1),
      mentionReplies: mentions.length,
      mentionCurve: percentileCurve(mentions),
      agentRuns,
    };
  } finally {
    await app?.stop();
  }
}
