import type { JsonObject } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { SimComment } from './record';

/** A comment, in the REST API and in `issue_comment` webhooks alike. */
export function commentJson(comment: SimComment): JsonObject {
  return {
    id: comment.id,
    created_at: ts(comment.created_at),
    updated_at: ts(comment.updated_at),
    deleted_at: null,
    comment_stripped: comment.comment_stripped,
    comment_html: comment.comment_html,
    attachments: [],
    access: comment.access,
    external_source: comment.external_source,
    external_id: comment.external_id,
    edited_at: null,
    created_by: comment.actor,
    updated_by: comment.actor,
    project: comment.project,
    workspace: comment.workspace,
    issue: comment.issue,
    actor: comment.actor,
    parent: comment.parent ?? null,
  };
}
