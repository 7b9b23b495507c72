/**
 * `npm run agent-replies`: mentions the example agent N times in local mode, with App Mentions
 * on, and counts its answers: each mention must get exactly one `response`, and no comment but
 * the agent's reply. Prints the delay from the mention to the first `thought` and to the
 * `response` (median and p90), from the simulator's own timestamps. Exits 1 if any mention got
 * other than one response.
 *
 *   npm run agent-replies                        # 50 mentions, one after the other
 *   npm run agent-replies -- --mentions 200      # more
 *   npm run agent-replies -- --burst             # all at once, then wait (queueing included)
 *   npm run agent-replies -- --order prompt-first   # concurrent (default), create-first, prompt-first
 */
import { parseArgs } from 'node:util';
import { createExampleApp } from '../lambdas/app';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../lambdas/local/local-settings';
import type { PlaneSimulator } from '../lambdas/local/plane-simulator';
import { createPrettyLogger } from '../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../lambdas/local/runtime';
import { installThroughConsent } from './bench/local-throughput';
import { median, percentile, round } from './bench/stats';

type Order = 'concurrent' | 'create-first' | 'prompt-first';
const ORDERS: readonly Order[] = ['concurrent', 'create-first', 'prompt-first'];

/** Posts a comment that mentions the bot, through the simulator's REST API as its user; returns the comment id. */
async function mention(app: LocalApp, sim: PlaneSimulator, index: number): Promise<string> {
  const item = sim.data.workItems[index % sim.data.workItems.length];
  const path = `/api/v1/workspaces/${sim.data.workspace.slug}/projects/${item.project}/work-items/${item.id}/comments/`;
  const response = await fetch(`${app.planeUrl}${path}`, {
    method: 'POST',
    headers: { 'X-API-Key': LOCAL_DEFAULTS.PLANE_SIM_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ comment_html: `<p>${sim.mentionHtml()} help</p>` }),
  });
  if (response.status !== 201) throw new Error(`comment POST answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** What one mention got: its responses and thoughts, with their delays from the comment. */
function outcomeOf(sim: PlaneSimulator, commentId: string) {
  const comment = sim.data.comments.find((candidate) => candidate.id === commentId);
  const run = sim.data.agentRuns.find((candidate) => candidate.comment === commentId);
  if (!comment || !run) return { responses: 0, thoughtMs: Number.NaN, responseMs: Number.NaN, promptFirst: false };
  const activities = sim.agentActivities(run.id);
  const delay = (type: string) => {
    const first = activities.find((activity) => activity.type === type);
    return first ? first.created_at - comment.created_at : Number.NaN;
  };
  const hooks = sim.deliveries.filter((delivery) => delivery.body.includes(run.id) && delivery.attempt === 1);
  return {
    responses: activities.filter((activity) => activity.type === 'response').length,
    thoughtMs: delay('thought'),
    responseMs: delay('response'),
    promptFirst: hooks.find((hook) => hook.event.startsWith('agent_run_'))?.event === 'agent_run_user_prompt',
  };
}

const figures = (values: number[]) =>
  `median ${round(median(values), 1)} ms, p90 ${round(percentile(values, 90), 1)} ms (of ${values.length})`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { mentions: { type: 'string' }, burst: { type: 'boolean' }, order: { type: 'string' } },
  });
  const count = Number(values.mentions ?? 50);
  const order = (values.order ?? 'concurrent') as Order;
  if (!Number.isInteger(count) || count < 1) throw new Error('--mentions must be a positive integer');
  if (!ORDERS.includes(order)) throw new Error(`--order must be one of ${ORDERS.join(', ')}`);
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0', PLANE_AGENT_RUNS: 'true' }, {}),
    setup: createExampleApp({ agentRuns: true }),
    log: createPrettyLogger({ colour: false, write: () => undefined }),
  });
  try {
    const sim = app.simulator;
    if (!sim) throw new Error('local mode started without the simulator');
    await installThroughConsent(app);
    sim.setAgentWebhookOrder(order);
    const comments: string[] = [];
    for (let i = 0; i < count; i += 1) {
      comments.push(await mention(app, sim, i));
      if (!values.burst) await app.idle(60_000);
    }
    await app.idle(120_000);
    const outcomes = comments.map((id) => outcomeOf(sim, id));
    const responses = outcomes.reduce((sum, outcome) => sum + outcome.responses, 0);
    const exactlyOne = outcomes.filter((outcome) => outcome.responses === 1).length;
    const replies = new Set(sim.data.agentActivities.map((activity) => activity.comment));
    const botId = sim.botUser()?.id;
    const strayComments = sim.data.comments.filter((comment) => comment.actor === botId && !replies.has(comment.id));
    const promptFirst = outcomes.filter((outcome) => outcome.promptFirst).length;
    const lines = [
      `agent replies: ${count} mentions in local mode (${values.burst ? 'all at once' : 'one after the other'}; ` +
        `webhooks ${order}; the prompt acknowledged first for ${promptFirst})`,
      `  responses: ${responses} (exactly one for ${exactlyOne} of ${count} mentions)`,
      `  bot comments other than agent replies: ${strayComments.length}`,
      `  mention -> first thought: ${figures(outcomes.map((outcome) => outcome.thoughtMs).filter(Number.isFinite))}`,
      `  mention -> response:      ${figures(outcomes.map((outcome) => outcome.responseMs).filter(Number.isFinite))}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return exactlyOne === count && responses === count && strayComments.length === 0 ? 0 : 1;
  } finally {
    await app.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`agent-replies: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
