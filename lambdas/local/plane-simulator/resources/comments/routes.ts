import { orderRecords, paginate } from '../../format/pagination';
import { jsonBody } from '../../http/http-io';
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
