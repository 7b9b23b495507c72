import { orderRecords, paginate } from './format/pagination';
import { jsonBody } from './http/http-io';
import type { SimAgentRun } from './records';
import { type ApiCall, type ApiRoute, notFound, projectOf, workspaceOf } from './rest/api-route';
import { agentActivityJson, agentRunJson, labelJson, projectJson, stateJson, userLite } from './serializers';
import { WORK_ITEM_ROUTES } from './work-item-routes';

function runOf(call: ApiCall): SimAgentRun {
  workspaceOf(call);
  const run = call.ctx.data.agentRuns.find((item) => item.id === call.params.runId);
  if (!run) throw notFound();
  return run;
}

const ACCOUNT_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/users/me/',
    run: (call) => ({ status: 200, body: { ...userLite(call.user), is_bot: call.user.is_bot } }),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/members/',
    run(call) {
      workspaceOf(call);
      const { data } = call.ctx;
      const members = data.workspace.members.flatMap((id) => data.users.filter((user) => user.id === id));
      return {
        status: 200,
        body: members.map((user) => ({ ...userLite(user), role: user.id === data.workspace.owner ? 20 : 15 })),
      };
    },
  },
];

const PROJECT_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/',
    run(call) {
      workspaceOf(call);
      const query = call.req.url.searchParams;
      const projects = call.ctx.data.projects.filter((project) => project.members.includes(call.user.id));
      return { status: 200, body: paginate(query, orderRecords(projects, query.get('order_by')).map(projectJson)) };
    },
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/',
    run: (call) => ({ status: 200, body: projectJson(projectOf(call)) }),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/states/',
    run(call) {
      const project = projectOf(call);
      const states = call.ctx.data.states.filter((state) => state.project === project.id);
      return { status: 200, body: paginate(call.req.url.searchParams, states.map(stateJson)) };
    },
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/labels/',
    run(call) {
      const project = projectOf(call);
      const labels = call.ctx.data.labels.filter((label) => label.project === project.id);
      return { status: 200, body: paginate(call.req.url.searchParams, labels.map(labelJson)) };
    },
  },
];

const AGENT_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/',
    run: (call) => ({ status: 200, body: agentRunJson(runOf(call)) }),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run(call) {
      const run = runOf(call);
      const query = call.req.url.searchParams;
      const activities = call.ctx.data.agentActivities.filter((activity) => activity.agent_run === run.id);
      return {
        status: 200,
        body: paginate(query, orderRecords(activities, query.get('order_by') ?? 'created_at').map(agentActivityJson)),
      };
    },
  },
  {
    method: 'POST',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run(call) {
      const run = runOf(call);
      const activity = call.ctx.agents.addActivity(call.user, run, jsonBody(call.req));
      return { status: 201, body: agentActivityJson(activity) };
    },
  },
];

/** Every `/api/v1` route the simulator serves. */
export const API_ROUTES: ApiRoute[] = [...ACCOUNT_ROUTES, ...PROJECT_ROUTES, ...WORK_ITEM_ROUTES, ...AGENT_ROUTES];
