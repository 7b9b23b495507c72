import { orderRecords, paginate } from './format/pagination';
import { jsonBody } from './http/http-io';
import { type ApiRoute, notFound, projectOf, withIssueAlias, workItemOf, workspaceOf } from './rest/api-route';
import { commentJson, workItemJson } from './serializers';

const BASE = '/workspaces/:slug/projects/:projectId/work-items/';

function expandOf(query: URLSearchParams): Set<string> {
  return new Set(
    (query.get('expand') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

/** Work items and their comments, under `/work-items/` and the `/issues/` alias. */
export const WORK_ITEM_ROUTES: ApiRoute[] = withIssueAlias([
  {
    method: 'GET',
    pattern: BASE,
    run(call) {
      const project = projectOf(call);
      const { data } = call.ctx;
      const query = call.req.url.searchParams;
      const expand = expandOf(query);
      const items = orderRecords(
        data.workItems.filter((item) => item.project === project.id),
        query.get('order_by'),
      );
      return {
        status: 200,
        body: paginate(
          query,
          items.map((item) => workItemJson(item, data, expand)),
        ),
      };
    },
  },
  {
    method: 'POST',
    pattern: BASE,
    run(call) {
      const project = projectOf(call);
      const item = call.ctx.actions.createWorkItem(call.user, project.id, jsonBody(call.req));
      return { status: 201, body: workItemJson(item, call.ctx.data) };
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}:itemId/`,
    run(call) {
      const item = workItemOf(call);
      return { status: 200, body: workItemJson(item, call.ctx.data, expandOf(call.req.url.searchParams)) };
    },
  },
  {
    method: 'PATCH',
    pattern: `${BASE}:itemId/`,
    run(call) {
      const item = call.ctx.actions.updateWorkItem(call.user, workItemOf(call), jsonBody(call.req));
      return { status: 200, body: workItemJson(item, call.ctx.data) };
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}:itemId/comments/`,
    run(call) {
      const item = workItemOf(call);
      const query = call.req.url.searchParams;
      const comments = orderRecords(
        call.ctx.data.comments.filter((comment) => comment.issue === item.id),
        query.get('order_by'),
      );
      return { status: 200, body: paginate(query, comments.map(commentJson)) };
    },
  },
  {
    method: 'POST',
    pattern: `${BASE}:itemId/comments/`,
    run(call) {
      const comment = call.ctx.actions.createComment(call.user, workItemOf(call), jsonBody(call.req));
      return { status: 201, body: commentJson(comment) };
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}:itemId/comments/:commentId/`,
    run(call) {
      const item = workItemOf(call);
      const comment = call.ctx.data.comments.find(
        (candidate) => candidate.id === call.params.commentId && candidate.issue === item.id,
      );
      if (!comment) throw notFound();
      return { status: 200, body: commentJson(comment) };
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
      return { status: 200, body: workItemJson(item, data, expandOf(call.req.url.searchParams)) };
    },
  },
]);
