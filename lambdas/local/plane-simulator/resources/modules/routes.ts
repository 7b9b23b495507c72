import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { type ApiCall, type ApiRoute, created, notFound, ok } from '../../rest/api-route';
import { projectOf } from '../projects/lookup';
import type { SimProject } from '../projects/record';
import { createModule, updateModule } from './actions';
import type { SimModule } from './record';
import { moduleApiJson, moduleJson, moduleUpdateJson } from './serializer';

const MODULES = '/workspaces/:slug/projects/:projectId/modules/';

function moduleOf(call: ApiCall): { project: SimProject; module: SimModule } {
  const project = projectOf(call);
  const module = call.ctx.data.modules.find((item) => item.id === call.params.moduleId && item.project === project.id);
  if (!module) throw notFound();
  return { project, module };
}

/** A project's modules (api/urls/module.py). */
export const MODULE_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: MODULES,
    run(call) {
      const project = projectOf(call);
      const query = call.req.url.searchParams;
      const modules = call.ctx.data.modules.filter((module) => module.project === project.id);
      return ok(paginate(query, orderRecords(modules, query.get('order_by')).map(moduleApiJson)));
    },
  },
  {
    method: 'POST',
    pattern: MODULES,
    run: (call) => created(moduleJson(createModule(call.ctx, call.user, projectOf(call), jsonBody(call.req)))),
  },
  {
    method: 'GET',
    pattern: `${MODULES}:moduleId/`,
    run: (call) => ok(moduleApiJson(moduleOf(call).module)),
  },
  {
    method: 'PATCH',
    pattern: `${MODULES}:moduleId/`,
    run(call) {
      const { project, module } = moduleOf(call);
      return ok(moduleUpdateJson(updateModule(call.ctx, call.user, project, module, jsonBody(call.req))));
    },
  },
];
