import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { type ApiCall, type ApiRoute, created, notFound, ok } from '../../rest/api-route';
import { projectOf } from '../projects/lookup';
import { createCycle, updateCycle } from './actions';
import type { SimCycle } from './record';
import { cycleApiJson, cycleJson } from './serializer';

const CYCLES = '/workspaces/:slug/projects/:projectId/cycles/';

function cycleOf(call: ApiCall): SimCycle {
  const project = projectOf(call);
  const cycle = call.ctx.data.cycles.find((item) => item.id === call.params.cycleId && item.project === project.id);
  if (!cycle) throw notFound();
  return cycle;
}

/**
 * A project's cycles (api/urls/cycle.py). The list ignores `cycle_view` (current, upcoming, ...)
 * and always answers every cycle, paginated.
 */
export const CYCLE_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: CYCLES,
    run(call) {
      const project = projectOf(call);
      const query = call.req.url.searchParams;
      const cycles = call.ctx.data.cycles.filter((cycle) => cycle.project === project.id);
      return ok(paginate(query, orderRecords(cycles, query.get('order_by')).map(cycleApiJson)));
    },
  },
  {
    method: 'POST',
    pattern: CYCLES,
    run: (call) => created(cycleJson(createCycle(call.ctx, call.user, projectOf(call), jsonBody(call.req)))),
  },
  {
    method: 'GET',
    pattern: `${CYCLES}:cycleId/`,
    run: (call) => ok(cycleApiJson(cycleOf(call))),
  },
  {
    method: 'PATCH',
    pattern: `${CYCLES}:cycleId/`,
    run: (call) => ok(cycleJson(updateCycle(call.ctx, call.user, cycleOf(call), jsonBody(call.req)))),
  },
];
