import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody, SimHttpError } from '../../http/http-io';
import { type ApiRoute, created, notFound, ok } from '../../rest/api-route';
import { WORK_ITEMS, withIssueAlias, workItemOf } from '../work-items/lookup';
import { createComment } from './actions';
import { commentJson } from './serializer';

const COMMENTS = `${WORK_ITEMS}:itemId/comments/`;

/** A work item's comments, under `/work-items/` and the `/issues/` alias. */
export const COMMENT_ROUTES: readonly ApiRoute[] = withIssueAlias([
  {
    method: 'GET',
    pattern: COMMENTS,
    run(call) {
      const item = workItemOf(call);
      const query = call.req.url.searchParams;
      const comments = orderRecords(
        call.ctx.data.comments.filter((comment) => comment.issue === item.id),
        query.get('order_by'),
      );
      return ok(paginate(query, comments.map(commentJson)));
    },
  },
  {
    method: 'POST',
    pattern: COMMENTS,
    run: (call) => created(commentJson(createComment(call.ctx, call.user, workItemOf(call), jsonBody(call.req)))),
  },
  {
    method: 'GET',
    pattern: `${COMMENTS}:commentId/`,
    run(call) {
      const item = workItemOf(call);
      const comment = call.ctx.data.comments.find(
        (candidate) => candidate.id === call.params.commentId && candidate.issue === item.id,
      );
      if (!comment) throw notFound();
      return ok(commentJson(comment));
    },
  },
]);

/**
 * A comment through Plane's web app, `POST /api/workspaces/{slug}/projects/{id}/issues/{id}/comments/`
 * (OSS apps/api/plane/app/views/issue/comment.py): the one way to reply in a thread, as `parent`
 * names the thread (the v1 API's serializer has no `parent`, api/serializers/issue.py).
 */
export const COMMENT_WEB_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/workspaces/:slug/projects/:projectId/issues/:itemId/comments/',
    run(call) {
      const item = workItemOf(call);
      const body = jsonBody(call.req);
      const parent =
        body.parent === undefined || body.parent === null
          ? undefined
          : call.ctx.data.comments.find((comment) => comment.id === body.parent && comment.issue === item.id);
      if (body.parent !== undefined && body.parent !== null && !parent) {
        throw new SimHttpError(400, { parent: [`Invalid pk "${String(body.parent)}" - object does not exist.`] });
      }
      return created(commentJson(createComment(call.ctx, call.user, item, body, parent)));
    },
  },
];
