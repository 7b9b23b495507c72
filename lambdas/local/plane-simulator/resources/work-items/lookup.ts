import type { ApiCall, ApiRoute } from '../../rest/api-route';
import { notFound } from '../../rest/api-route';
import { projectOf } from '../projects/lookup';
import type { SimWorkItem } from './record';

/** Where a project's work items live (`:itemId` names one). */
export const WORK_ITEMS = '/workspaces/:slug/projects/:projectId/work-items/';

/** The route's work item (`:itemId`) in the route's project; 404 otherwise. */
export function workItemOf(call: ApiCall): SimWorkItem {
  const project = projectOf(call);
  const item = call.ctx.data.workItems.find(
    (candidate) => candidate.id === call.params.itemId && candidate.project === project.id,
  );
  if (!item) throw notFound();
  return item;
}

/** Both spellings Plane serves: `work-items` and the older `issues`. */
export function withIssueAlias(routes: readonly ApiRoute[]): ApiRoute[] {
  return routes.flatMap((route) =>
    route.pattern.includes('/work-items/')
      ? [route, { ...route, pattern: route.pattern.replace('/work-items/', '/issues/') }]
      : [route],
  );
}
