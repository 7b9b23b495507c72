import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
import { type ApiRoute, created, notFound, ok, workspaceOf } from '../../rest/api-route';
import { projectOf } from '../projects/lookup';
import { createWorkItem, updateWorkItem } from './actions';
import { WORK_ITEMS, withIssueAlias, workItemOf } from './lookup';
import { workItemJson } from './serializer';

function expandOf(query: URLSearchParams): Set<string> {
  return new Set(
    (query.get('expand') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

/** Work items, under `/work-items/` and the `/issues/` alias. */
export const WORK_ITEM_ROUTES: readonly ApiRoute[] = withIssueAlias([
  {
    method: 'GET',
    pattern: WORK_ITEMS,
    run(call) {
      const project = projectOf(call);
      const { data } = call.ctx;
      const query = call.req.url.searchParams;
      const expand = expandOf(query);
      const items = orderRecords(
        data.workItems.filter((item) => item.project === project.id),
        query.get('order_by'),
      );
      return ok(
        paginate(
          query,
          items.map((item) => workItemJson(item, data, expand)),
        ),
      );
    },
  },
  {
    method: 'POST',
    pattern: WORK_ITEMS,
    run(call) {
      const project = projectOf(call);
      const item = createWorkItem(call.ctx, call.user, project.id, jsonBody(call.req));
      return created(workItemJson(item, call.ctx.data));
    },
  },
  {
    method: 'GET',
    pattern: `${WORK_ITEMS}:itemId/`,
    run(call) {
      const item = workItemOf(call);
      return ok(workItemJson(item, call.ctx.data, expandOf(call.req.url.searchParams)));
    },
  },
  {
    method: 'PATCH',
    pattern: `${WORK_ITEMS}:itemId/`,
    run(call) {
      const item = updateWorkItem(call.ctx, call.user, workItemOf(call), jsonBody(call.req));
      return ok(workItemJson(item, call.ctx.data));
    },
  },
  {
    // `WEB-12`: a work item by its project identifier and sequence id.
    method: 'GET',
    pattern: '/workspaces/:slug/work-items/:identifier/',
    run(call) {
      workspaceOf(call);
      const { data } = call.ctx;
      const match = /^([A-Za-z0-9]+)-(\d+)$/.exec(call.params.identifier);
      const project = match && data.projects.find((candidate) => candidate.identifier === match[1].toUpperCase());
      const item =
        project &&
        data.workItems.find(
          (candidate) => candidate.project === project.id && candidate.sequence_id === Number(match[2]),
        );
      if (!item) throw notFound();
      return ok(workItemJson(item, data, expandOf(call.req.url.searchParams)));
    },
  },
]);
