import { createAgentRunsApi } from '../../lambdas/core/agent-runs';
import type { AgentPromptData, PlaneEvent } from '../../lambdas/core/events';
import type { PlaneClient } from '../../lambdas/core/plane-client';
import type { AgentActivity, AgentActivityInput } from '../../lambdas/core/plane-types';
import type { FakeActivity, FakePlaneState } from './fake-plane-resources';

/** An activity as Plane lists it (`GET .../activities/`), from what the fake holds. */
function listed({ runId, ...activity }: FakeActivity): AgentActivity {
  return { ...structuredClone(activity), agent_run: runId };
}

/**
 * Plane's activity endpoints over the fake's records, in Plane's wire shape: `GET` pages oldest
 * first (apps/api/plane/utils/paginator.py: `per_page`, cursor `per_page:page:0`), `POST` stores.
 * The real `createAgentRunsApi` runs on top, so `respond` checks exactly as it does against Plane.
 */
function memoryPlane(state: FakePlaneState) {
  return async <T>(method: string, path: string, options: { query?: Record<string, unknown>; body?: unknown } = {}) => {
    const runId = decodeURIComponent(path.split('/')[2] ?? '');
    if (method === 'POST') {
      const input = structuredClone(options.body as AgentActivityInput);
      const stored: FakeActivity = { ...input, id: state.newId('activity'), runId, actor: state.me.id };
      state.records.activities.push(stored);
      return listed(stored) as T;
    }
    const perPage = Number(options.query?.per_page ?? 20);
    const page = Number(String(options.query?.cursor ?? `${perPage}:0:0`).split(':')[1]);
    const all = state.records.activities.filter((activity) => activity.runId === runId);
    const results = all.slice(page * perPage, (page + 1) * perPage).map(listed);
    const more = all.length > (page + 1) * perPage;
    return { next_cursor: `${perPage}:${page + 1}:0`, next_page_results: more, results } as T;
  };
}

/** The fake's `agentRuns`: each public call is recorded (and may be failed with `failNext`). */
export function fakeAgentRuns(state: FakePlaneState): PlaneClient['agentRuns'] {
  const api = createAgentRunsApi({ request: memoryPlane(state), sleep: async () => undefined });
  return {
    async createActivity(...args) {
      state.record('agentRuns.createActivity', ...args);
      return api.createActivity(...args);
    },
    async listActivities(...args) {
      state.record('agentRuns.listActivities', ...args);
      return api.listActivities(...args);
    },
    async respond(...args) {
      state.record('agentRuns.respond', ...args);
      return api.respond(...args);
    },
  };
}

/**
 * Holds the prompt activity of an `agent_run_user_prompt` event in the fake, as Plane saves it
 * before it sends the webhook, so `respond` sees the prompt (and a Stop after it). Once per id.
 */
export function savePrompt(state: FakePlaneState, event: PlaneEvent<AgentPromptData>): void {
  const { agent_run: run, agent_run_activity: prompt } = event.data;
  if (!prompt.id || state.records.activities.some((activity) => activity.id === prompt.id)) return;
  state.records.activities.push({
    id: prompt.id,
    runId: run.id,
    type: 'prompt',
    content: { type: String(prompt.content?.type ?? 'prompt'), body: String(prompt.content?.body ?? '') },
    signal: prompt.signal ?? 'continue',
    actor: prompt.actor,
  });
}
