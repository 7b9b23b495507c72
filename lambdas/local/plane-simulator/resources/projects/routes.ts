import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { type ApiCall, type ApiRoute, created, notFound, ok, workspaceOf } from '../../rest/api-route';
import { createProject, deleteProject, updateProject } from './actions';
import { projectAdminOf, projectOf, visibleTo } from './lookup';
import type { SimProject } from './record';
import { labelJson, projectApiJson, stateJson } from './serializer';

const PROJECTS = '/workspaces/:slug/projects/';
const PROJECT = `${PROJECTS}:projectId/`;

function visibleProject(call: ApiCall): SimProject {
  workspaceOf(call);
  const project = call.ctx.data.projects.find((item) => item.id === call.params.projectId);
  if (!project || !visibleTo(project, call.user.id)) throw notFound();
  return project;
}

/** Projects, and each project's states and labels. */
export const PROJECT_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: PROJECTS,
    run(call) {
      workspaceOf(call);
      const { data } = call.ctx;
      const query = call.req.url.searchParams;
      const projects = orderRecords(
        data.projects.filter((project) => visibleTo(project, call.user.id)),
        query.get('order_by'),
      );
      return ok(
        paginate(
          query,
          projects.map((project) => projectApiJson(project, data, call.user.id, true)),
        ),
      );
    },
  },
  {
    method: 'POST',
    pattern: PROJECTS,
    run(call) {
      workspaceOf(call);
      const project = createProject(call.ctx, call.user, jsonBody(call.req));
      return created(projectApiJson(project, call.ctx.data, call.user.id));
    },
  },
  {
    method: 'GET',
    pattern: PROJECT,
    run: (call) => ok(projectApiJson(visibleProject(call), call.ctx.data, call.user.id)),
  },
  {
    method: 'PATCH',
    pattern: PROJECT,
    run(call) {
      const project = updateProject(call.ctx, call.user, projectAdminOf(call), jsonBody(call.req));
      return ok(projectApiJson(project, call.ctx.data, call.user.id));
    },
  },
  {
    method: 'DELETE',
    pattern: PROJECT,
    run(call) {
      deleteProject(call.ctx, call.user, projectAdminOf(call));
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${PROJECT}states/`,
    run(call) {
      const project = projectOf(call);
      const states = call.ctx.data.states.filter((state) => state.project === project.id);
      return ok(paginate(call.req.url.searchParams, states.map(stateJson)));
    },
  },
  {
    method: 'GET',
    pattern: `${PROJECT}labels/`,
    run(call) {
      const project = projectOf(call);
      const labels = call.ctx.data.labels.filter((label) => label.project === project.id);
      return ok(paginate(call.req.url.searchParams, labels.map(labelJson)));
    },
  },
];
