import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { stripTags } from '../../format/rich-text';
import type { CommentAccess, SimComment } from './record';

/** What a new comment holds besides its author and its work item. */
export interface CommentFields {
  readonly comment_html: string;
  readonly access: CommentAccess;
  readonly external_source: string | null;
  readonly external_id: string | null;
  readonly parent: string | null;
}

/**
 * Stores a comment, and nothing more: no webhook, no agent run. Plane's agents write their replies
 * this way (`IssueComment.objects.create`, EE apps/api/plane/agents/utils/handlers/
 * run_agent_activity.py), so they send no `issue_comment` webhook; createComment adds those.
 */
export function insertComment(
  ctx: ActionContext,
  actorId: string,
  where: { readonly issue: string; readonly project: string; readonly workspace: string },
  fields: CommentFields,
): SimComment {
  const now = ctx.clock();
  const comment: SimComment = {
    id: randomUUID(),
    comment_html: fields.comment_html,
    comment_stripped: stripTags(fields.comment_html),
    issue: where.issue,
    project: where.project,
    workspace: where.workspace,
    actor: actorId,
    access: fields.access,
    external_source: fields.external_source,
    external_id: fields.external_id,
    parent: fields.parent,
    created_at: now,
    updated_at: now,
  };
  ctx.data.comments.push(comment);
  return comment;
}
