import { createCsrf } from '../csrf';
import { createChangeFeed } from './changes';
import { checkOptions, resolveOptions, type SimContext } from './context';
import { mentionHtml } from './format/rich-text';
import { createRateLimiter } from './http/rate-limiter';
import { createSimServer } from './http/server';
import { uninstallApp } from './oauth/installations';
import { createTokenRegistry } from './oauth/token-registry';
import { stopAgentRun } from './resources/agent-runs/prompts';
import type { SimAgentRun } from './resources/agent-runs/record';
import { checkStale } from './resources/agent-runs/status';
import { createComment } from './resources/comments/actions';
import { createWorkItem, updateWorkItem } from './resources/work-items/actions';
import type { SimWorkItem } from './resources/work-items/record';
import { createSeedData } from './seed';
import type { PlaneSimulator, PlaneSimulatorOptions, TokenRequestRecord } from './simulator-types';
import { createWebhookEmitter } from './webhooks/emitter';
import { createWebhookSender } from './webhooks/sender';

export { type PyJson, pythonJsonDumps } from './format/python-json';
export type { SimUser } from './resources/members/record';
export type { SimWorkItem } from './resources/work-items/record';
export type { SimInstallation, SimulatorData } from './simulator-data';
export type { PlaneSimulator, PlaneSimulatorOptions } from './simulator-types';
export { loadSnapshot, saveSnapshot } from './snapshot';

/**
 * Creates a simulated Plane workspace (Plane Cloud's OAuth app flow, the `/api/v1` REST API and
 * signed v1 webhooks) for local mode and end-to-end tests. Nothing listens until `start()`.
 */
export function createPlaneSimulator(input: PlaneSimulatorOptions): PlaneSimulator {
  checkOptions(input);
  const options = resolveOptions(input);
  const { clock, log } = options;
  const saved = input.initialData;
  const reusable = saved?.application.client_id === options.clientId && saved.workspace.slug === options.workspaceSlug;
  if (saved && !reusable)
    log('saved simulator state is for another client id or workspace: starting from a fresh seed');
  const data =
    saved && reusable
      ? saved
      : createSeedData({
          workspaceSlug: options.workspaceSlug,
          appName: options.appName,
          clientId: options.clientId,
          agentMentions: options.agentMentions,
          now: clock(),
        });
  const sender = createWebhookSender({
    secret: options.webhookSecret,
    timeoutMs: options.webhookTimeoutMs,
    retryDelaysMs: options.webhookRetryDelaysMs,
    log,
  });
  const tokenRequests: TokenRequestRecord[] = [];
  const changes = createChangeFeed();
  const emitter = createWebhookEmitter({ data, sender, webhookUrl: () => options.webhookUrl });
  const ctx: SimContext = {
    options,
    data,
    // Every change worth a webhook is a change a live page shows.
    webhooks: {
      emit(...args) {
        emitter.emit(...args);
        changes.notify();
      },
    },
    clock,
    tokens: createTokenRegistry({
      clock,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds,
      codeLifetimeSeconds: options.codeLifetimeSeconds,
    }),
    limiter: createRateLimiter(clock),
    tokenRequests,
    faults: { api429Rate: 0, api500Rate: 0, agentResponse502: 0, token500Rate: 0 },
    agentRuns: { webhookOrder: options.agentWebhookOrder, staleMs: options.agentRunStaleMs, random: options.random },
    // Django's CSRF cookie: `csrftoken`, SameSite=Lax, HttpOnly as Plane sets it (settings/common.py).
    csrf: createCsrf({ cookieName: 'csrftoken', sameSite: 'Lax' }),
  };
  const server = createSimServer(ctx, () => changes.notify());
  let url = '';

  const installation = () => data.installations.find((item) => item.application === data.application.id);
  const botUser = () => {
    const current = installation();
    return current && data.users.find((user) => user.id === current.app_bot);
  };
  const workItem = (id: string): SimWorkItem => {
    const item = data.workItems.find((candidate) => candidate.id === id);
    if (!item) throw new Error(`no work item ${id} in the simulator`);
    return item;
  };
  const agentRun = (id: string): SimAgentRun => {
    const run = data.agentRuns.find((candidate) => candidate.id === id);
    if (!run) throw new Error(`no agent run ${id} in the simulator`);
    return checkStale(run, clock(), ctx.agentRuns.staleMs);
  };

  return {
    get url() {
      return url;
    },
    data,
    tokenRequests,
    deliveries: sender.deliveries,
    async start() {
      if (url) return;
      const port = await server.listen(options.port, options.host);
      url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
      log(`Plane simulator on ${url} (workspace "${data.workspace.slug}")`);
    },
    async stop() {
      sender.stop();
      await server.close();
      url = '';
    },
    setWebhookUrl(webhookUrl) {
      options.webhookUrl = webhookUrl;
    },
    idle: () => sender.idle(),
    expireAllTokens: () => ctx.tokens.expireAll(),
    uninstall(installationId) {
      if (uninstallApp(data, installationId, clock())) ctx.tokens.revokeInstallation(installationId);
      changes.notify();
    },
    setFaults(faults) {
      ctx.faults.api429Rate = faults.api429Rate ?? 0;
      ctx.faults.api500Rate = faults.api500Rate ?? 0;
      ctx.faults.agentResponse502 = faults.agentResponse502 ?? 0;
      ctx.faults.token500Rate = faults.token500Rate ?? 0;
    },
    installation,
    botUser,
    mentionHtml(user) {
      const target = user ?? botUser();
      if (!target) throw new Error('the app is not installed yet: no bot to mention');
      return mentionHtml(target);
    },
    createComment: (workItemId, commentHtml) =>
      createComment(ctx, data.human, workItem(workItemId), { comment_html: commentHtml }),
    createWorkItem: (fields, projectId) => createWorkItem(ctx, data.human, projectId ?? data.projects[0].id, fields),
    updateWorkItem: (workItemId, fields) => updateWorkItem(ctx, data.human, workItem(workItemId), fields),
    agentRuns: () => data.agentRuns.map((run) => checkStale(run, clock(), ctx.agentRuns.staleMs)),
    agentActivities: (runId) => data.agentActivities.filter((activity) => activity.agent_run === agentRun(runId).id),
    replyInThread(commentId, commentHtml) {
      const comment = data.comments.find((candidate) => candidate.id === commentId);
      if (!comment) throw new Error(`no comment ${commentId} in the simulator`);
      // Plane's threads are one level deep: a reply to a reply joins the same thread.
      const root = data.comments.find((candidate) => candidate.id === comment.parent) ?? comment;
      return createComment(ctx, data.human, workItem(root.issue), { comment_html: commentHtml }, root);
    },
    stopAgentRun: (runId) => stopAgentRun(ctx, data.human, agentRun(runId)),
    setAgentWebhookOrder(order) {
      ctx.agentRuns.webhookOrder = order;
    },
    onChange: (listener) => changes.onChange(listener),
  };
}
