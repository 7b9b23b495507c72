import type { ActionContext } from '../../context';
import { SimHttpError } from '../../http/http-io';
import { externalIdConflict, withExternalId } from '../../rest/external-id';
import { readNullableText } from '../../rest/fields';
import { promptAgentRuns } from '../agent-runs/prompts';
import type { SimUser } from '../members/record';
import type { SimWorkItem } from '../work-items/record';
import { insertComment } from './insert';
import type { CommentAccess, SimComment } from './record';
import { commentJson } from './serializer';

const ACCESS: readonly CommentAccess[] = ['INTERNAL', 'EXTERNAL'];

/**
 * Posts a comment on a work item as a user (REST, the console, and replies in a thread through
 * Plane's web app with `parent`): sends its `issue_comment` `created` webhook (OSS apps/api/plane/
 * app/views/issue/comment.py), then, as Plane's comment save does for a non-bot author, lets the
 * agent runs take it as a prompt (EE apps/api/plane/db/models/issue.py, `handle_agent_run_user_comment_task`).
 */
export function createComment(
  ctx: ActionContext,
  actor: SimUser,
  item: SimWorkItem,
  body: Record<string, unknown>,
  parent?: SimComment,
): SimComment {
  const { data } = ctx;
  const html = body.comment_html;
  if (typeof html !== 'string' || html.trim() === '') {
    throw new SimHttpError(400, { comment_html: ['This field is required.'] });
  }
  // A reply takes its thread's access (IssueComment.save copies the parent's).
  const access = parent?.access ?? ACCESS.find((choice) => choice === (body.access ?? 'INTERNAL'));
  if (!access) throw new SimHttpError(400, { access: [`"${String(body.access)}" is not a valid choice.`] });
  const source = readNullableText(body, 'external_source', 255) ?? null;
  const externalId = readNullableText(body, 'external_id', 255) ?? null;
  const existing = withExternalId(data.comments, item.project, source, externalId);
  if (existing) throw externalIdConflict('Issue Comment', existing.id);
  const comment = insertComment(
    ctx,
    actor.id,
    { issue: item.id, project: item.project, workspace: item.workspace },
    {
      comment_html: html,
      access,
      external_source: source,
      external_id: externalId,
      parent: parent?.id ?? null,
    },
  );
  ctx.webhooks.emit('issue_comment', 'created', commentJson(comment), { actor });
  if (!actor.is_bot) promptAgentRuns(ctx, actor, comment);
  return comment;
}
