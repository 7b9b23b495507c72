import { paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { htmlResponse } from '../../http/response';
import { type ApiCall, type ApiRoute, created, notFound, ok, workspaceOf } from '../../rest/api-route';
import { postActivity } from './activities';
import { stopAgentRun } from './prompts';
import type { SimAgentRun } from './record';
import { agentActivityApiJson, agentRunApiJson } from './serializer';
import { checkStale } from './status';

/** The route's run (`:runId`), read as Plane reads it: a lazy stale check first. */
function runOf(call: ApiCall): SimAgentRun {
  workspaceOf(call);
  const run = call.ctx.data.agentRuns.find((item) => item.id === call.params.runId);
  if (!run) throw notFound();
  return checkStale(run, call.ctx.clock(), call.ctx.agentRuns.staleMs);
}

const activitiesOf = (call: ApiCall, run: SimAgentRun) =>
  call.ctx.data.agentActivities.filter((activity) => activity.agent_run === run.id);

/**
 * A run and its activities under `/api/v1` (EE apps/api/plane/agents/urls/api/*.py). The list is
 * oldest first, 20 a page by default and up to 1000 (`order_by("created_at")`,
 * `default_per_page=20`, paginator.py `max(1000, default)`).
 */
export const AGENT_RUN_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/',
    run: (call) => ok(agentRunApiJson(runOf(call))),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run(call) {
      const activities = activitiesOf(call, runOf(call)).map(agentActivityApiJson);
      return ok(paginate(call.req.url.searchParams, activities, { defaultPerPage: 20, maxPerPage: 1000 }));
    },
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/activities/:activityId/',
    run(call) {
      const activity = activitiesOf(call, runOf(call)).find((item) => item.id === call.params.activityId);
      if (!activity) throw notFound();
      return ok(agentActivityApiJson(activity));
    },
  },
  {
    method: 'POST',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run(call) {
      const activity = postActivity(call.ctx, call.user, runOf(call), jsonBody(call.req));
      const { faults } = call.ctx;
      if (activity.type === 'response' && faults.agentResponse502 > 0) {
        // A gateway that gave up after Plane saved the activity: the caller cannot tell.
        faults.agentResponse502 -= 1;
        return htmlResponse(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
      return created(agentActivityApiJson(activity));
    },
  },
];

/**
 * The Stop button of Plane's web app: `POST /api/workspaces/{slug}/runs/{id}/stop/` (EE
 * apps/api/plane/agents/urls/app/agent_run.py), answered 201 with the stop prompt. Plane
 * authenticates it by session; the simulator takes the same credentials as `/api/v1`.
 */
export const AGENT_RUN_WEB_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/workspaces/:slug/runs/:runId/stop/',
    run: (call) => created(agentActivityApiJson(stopAgentRun(call.ctx, call.user, runOf(call)))),
  },
];
