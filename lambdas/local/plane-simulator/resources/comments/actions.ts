import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { stripTags } from '../../format/rich-text';
import { SimHttpError } from '../../http/http-io';
import { externalIdConflict, withExternalId } from '../../rest/external-id';
import { readNullableText } from '../../rest/fields';
import { startAgentRuns } from '../agent-runs/start-runs';
import type { SimUser } from '../members/record';
import type { SimWorkItem } from '../work-items/record';
import type { CommentAccess, SimComment } from './record';
import { commentJson } from './serializer';

const ACCESS: readonly CommentAccess[] = ['INTERNAL', 'EXTERNAL'];

/**
 * Posts a comment on a work item (REST, the console and the agent's replies alike): sends its
 * `issue_comment` `created` webhook, then starts an agent run for each installed bot it mentions.
 */
export function createComment(
  ctx: ActionContext,
  actor: SimUser,
  item: SimWorkItem,
  body: Record<string, unknown>,
): SimComment {
  const { data } = ctx;
  const html = body.comment_html;
  if (typeof html !== 'string' || html.trim() === '') {
    throw new SimHttpError(400, { comment_html: ['This field is required.'] });
  }
  const access = ACCESS.find((choice) => choice === (body.access ?? 'INTERNAL'));
  if (!access) throw new SimHttpError(400, { access: [`"${String(body.access)}" is not a valid choice.`] });
  const source = readNullableText(body, 'external_source', 255) ?? null;
  const externalId = readNullableText(body, 'external_id', 255) ?? null;
  const existing = withExternalId(data.comments, item.project, source, externalId);
  if (existing) throw externalIdConflict('Issue Comment', existing.id);
  const now = ctx.clock();
  const comment: SimComment = {
    id: randomUUID(),
    comment_html: html,
    comment_stripped: stripTags(html),
    issue: item.id,
    project: item.project,
    workspace: item.workspace,
    actor: actor.id,
    access,
    external_source: source,
    external_id: externalId,
    created_at: now,
    updated_at: now,
  };
  data.comments.push(comment);
  ctx.webhooks.emit('issue_comment', 'created', commentJson(comment), { actor });
  startAgentRuns(ctx, actor, comment);
  return comment;
}
