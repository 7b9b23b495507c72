import { httpError } from '../../http/http-io';
import { type ApiCall, forbidden, notFound, workspaceOf } from '../../rest/api-route';
import type { SimProject } from './record';

/**
 * A user's role in a project: 20 (admin) for its creator and its lead, whom Plane adds as admins
 * (api/views/project.py `post`), 15 for other members (app bots join as members), null otherwise.
 */
export function projectRole(project: SimProject, userId: string): 20 | 15 | null {
  if (!project.members.includes(userId)) return null;
  return userId === project.created_by || userId === project.project_lead ? 20 : 15;
}

/** Projects a user sees in the project list and detail: theirs, and every public one. */
export function visibleTo(project: SimProject, userId: string): boolean {
  return project.network === 2 || project.members.includes(userId);
}

/** The route's project (`:projectId`), for a member of it; 404 or 403 otherwise. */
export function projectOf(call: ApiCall): SimProject {
  workspaceOf(call);
  const project = call.ctx.data.projects.find((item) => item.id === call.params.projectId);
  if (!project) throw notFound();
  if (!project.members.includes(call.user.id)) throw httpError(403, 'You are not a member of this project.');
  return project;
}

/**
 * The route's project for a change: `ProjectBasePermission` (app/permissions/project.py) lets its
 * admins through, and members who are workspace admins; anyone else, and any unknown project, 403.
 */
export function projectAdminOf(call: ApiCall): SimProject {
  workspaceOf(call);
  const { data } = call.ctx;
  const project = data.projects.find((item) => item.id === call.params.projectId);
  const role = project ? projectRole(project, call.user.id) : null;
  if (!project || role === null || (role !== 20 && data.workspace.owner !== call.user.id)) throw forbidden();
  return project;
}
