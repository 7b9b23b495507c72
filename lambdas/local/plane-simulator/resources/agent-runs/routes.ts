import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { type ApiCall, type ApiRoute, created, notFound, ok, workspaceOf } from '../../rest/api-route';
import { addActivity } from './activities';
import type { SimAgentRun } from './record';
import { agentActivityJson, agentRunJson } from './serializer';

function runOf(call: ApiCall): SimAgentRun {
  workspaceOf(call);
  const run = call.ctx.data.agentRuns.find((item) => item.id === call.params.runId);
  if (!run) throw notFound();
  return run;
}

/** A run, and its activities (read, and posted by the run's bot). */
export const AGENT_RUN_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/',
    run: (call) => ok(agentRunJson(runOf(call))),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run(call) {
      const run = runOf(call);
      const query = call.req.url.searchParams;
      const activities = call.ctx.data.agentActivities.filter((activity) => activity.agent_run === run.id);
      return ok(
        paginate(query, orderRecords(activities, query.get('order_by') ?? 'created_at').map(agentActivityJson)),
      );
    },
  },
  {
    method: 'POST',
    pattern: '/workspaces/:slug/runs/:runId/activities/',
    run: (call) => created(agentActivityJson(addActivity(call.ctx, call.user, runOf(call), jsonBody(call.req)))),
  },
];
