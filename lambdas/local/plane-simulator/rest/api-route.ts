import type { SimContext } from '../context';
import type { PyJson } from '../format/python-json';
import { httpError, type SimRequest } from '../http/http-io';
import type { SimProject, SimUser, SimWorkItem } from '../records';

/** One `/api/v1` call after authentication. */
export interface ApiCall {
  readonly ctx: SimContext;
  readonly req: SimRequest;
  readonly params: Readonly<Record<string, string>>;
  /** The authenticated caller: the human (API key or user token) or an app bot. */
  readonly user: SimUser;
}

interface ApiResult {
  readonly status: number;
  readonly body: PyJson;
}

/** A REST route; `pattern` is relative to `/api/v1`, with `:name` parameters. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly pattern: string;
  run(call: ApiCall): ApiResult;
}

/** Plane's answer for a missing object (its base view maps ObjectDoesNotExist to this). */
export function notFound(): Error {
  return httpError(404, 'The required object does not exist.');
}

/** Checks the slug and that the caller is a member of the workspace. */
export function workspaceOf(call: ApiCall): void {
  const { workspace } = call.ctx.data;
  if (call.params.slug !== workspace.slug) throw httpError(404, 'Workspace not found');
  if (!workspace.members.includes(call.user.id)) {
    throw httpError(403, 'You do not have permission to perform this action.');
  }
}

export function projectOf(call: ApiCall): SimProject {
  workspaceOf(call);
  const project = call.ctx.data.projects.find((item) => item.id === call.params.projectId);
  if (!project) throw notFound();
  if (!project.members.includes(call.user.id)) throw httpError(403, 'You are not a member of this project.');
  return project;
}

export function workItemOf(call: ApiCall): SimWorkItem {
  const project = projectOf(call);
  const item = call.ctx.data.workItems.find(
    (candidate) => candidate.id === call.params.itemId && candidate.project === project.id,
  );
  if (!item) throw notFound();
  return item;
}

/** Both spellings Plane serves: `work-items` and the older `issues`. */
export function withIssueAlias(routes: ApiRoute[]): ApiRoute[] {
  return routes.flatMap((route) =>
    route.pattern.includes('/work-items/')
      ? [route, { ...route, pattern: route.pattern.replace('/work-items/', '/issues/') }]
      : [route],
  );
}
