import { orderRecords, paginate } from '../../format/pagination';
import { type ApiRoute, ok, workspaceOf } from '../../rest/api-route';
import { projectOf } from './lookup';
import { labelJson, projectJson, stateJson } from './serializer';

/** Projects, and each project's states and labels. */
export const PROJECT_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/',
    run(call) {
      workspaceOf(call);
      const query = call.req.url.searchParams;
      const projects = call.ctx.data.projects.filter((project) => project.members.includes(call.user.id));
      return ok(paginate(query, orderRecords(projects, query.get('order_by')).map(projectJson)));
    },
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/',
    run: (call) => ok(projectJson(projectOf(call))),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/states/',
    run(call) {
      const project = projectOf(call);
      const states = call.ctx.data.states.filter((state) => state.project === project.id);
      return ok(paginate(call.req.url.searchParams, states.map(stateJson)));
    },
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/projects/:projectId/labels/',
    run(call) {
      const project = projectOf(call);
      const labels = call.ctx.data.labels.filter((label) => label.project === project.id);
      return ok(paginate(call.req.url.searchParams, labels.map(labelJson)));
    },
  },
];
