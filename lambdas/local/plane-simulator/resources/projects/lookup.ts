import { httpError } from '../../http/http-io';
import { type ApiCall, notFound, workspaceOf } from '../../rest/api-route';
import type { SimProject } from './record';

/** The route's project (`:projectId`), for a member of it; 404 or 403 otherwise. */
export function projectOf(call: ApiCall): SimProject {
  workspaceOf(call);
  const project = call.ctx.data.projects.find((item) => item.id === call.params.projectId);
  if (!project) throw notFound();
  if (!project.members.includes(call.user.id)) throw httpError(403, 'You are not a member of this project.');
  return project;
}
