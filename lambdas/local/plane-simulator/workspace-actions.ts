import { randomUUID } from 'node:crypto';
import type { PyJson } from './format/python-json';
import { mentionedUserIds, stripTags } from './format/rich-text';
import { httpError, SimHttpError } from './http/http-io';
import type { CommentAccess, SimAgentRun, SimComment, SimUser, SimulatorData, SimWorkItem } from './records';
import { workItemJson } from './serializers';
import type { WebhookEmitter } from './webhooks/emitter';
import { parseWorkItemChanges } from './work-item-input';

/**
 * The changes a user (human or bot) can make. The REST API and the test/console helpers both go
 * through here, so every change sends the webhooks Plane would send.
 */
export interface WorkspaceActions {
  createWorkItem(actor: SimUser, projectId: string, body: Record<string, unknown>): SimWorkItem;
  updateWorkItem(actor: SimUser, item: SimWorkItem, body: Record<string, unknown>): SimWorkItem;
  createComment(actor: SimUser, item: SimWorkItem, body: Record<string, unknown>): SimComment;
}

export interface WorkspaceActionsOptions {
  data: SimulatorData;
  emitter: WebhookEmitter;
  clock: () => number;
}

const ACCESS: readonly CommentAccess[] = ['INTERNAL', 'EXTERNAL'];

function sameJson(a: PyJson | undefined, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function optionalText(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new SimHttpError(400, { [field]: ['Not a valid string.'] });
  return value;
}

/** Creates the actions over `data`, stamping times from `clock`. */
export function createWorkspaceActions(options: WorkspaceActionsOptions): WorkspaceActions {
  const { data, emitter, clock } = options;

  const duplicateWorkItem = (
    projectId: string,
    source: string | null | undefined,
    id: string | null | undefined,
    self?: string,
  ) =>
    source && id
      ? data.workItems.find(
          (item) =>
            item.project === projectId &&
            item.external_source === source &&
            item.external_id === id &&
            item.id !== self,
        )
      : undefined;

  const startAgentRuns = (actor: SimUser, comment: SimComment): void => {
    if (!data.application.agent_mentions) return;
    for (const userId of mentionedUserIds(comment.comment_html)) {
      const installation = data.installations.find((item) => item.app_bot === userId && item.status === 'installed');
      if (!installation || userId === actor.id) continue;
      const now = clock();
      const run: SimAgentRun = {
        id: randomUUID(),
        agent_user: userId,
        installation: installation.id,
        comment: comment.id,
        source_comment: comment.id,
        creator: actor.id,
        issue: comment.issue,
        project: comment.project,
        workspace: comment.workspace,
        status: 'created',
        type: 'comment_thread',
        started_at: now,
        ended_at: null,
        created_at: now,
        updated_at: now,
      };
      data.agentRuns.push(run);
      emitter.agentRunCreate(run, { actor });
    }
  };

  return {
    createWorkItem(actor, projectId, body) {
      const changes = parseWorkItemChanges(body, data, projectId, true);
      const existing = duplicateWorkItem(projectId, changes.external_source, changes.external_id);
      if (existing) {
        throw new SimHttpError(409, {
          error: 'Issue with the same external id and external source already exists',
          id: existing.id,
        });
      }
      const project = data.projects.find((item) => item.id === projectId);
      if (!project) throw httpError(404, 'Project not found');
      const inProject = data.workItems.filter((item) => item.project === projectId);
      const now = clock();
      const item: SimWorkItem = {
        id: randomUUID(),
        name: changes.name ?? '',
        description_html: changes.description_html ?? '<p></p>',
        priority: changes.priority ?? 'none',
        state: changes.state ?? project.default_state,
        assignees: changes.assignees ?? [],
        labels: changes.labels ?? [],
        sequence_id: inProject.reduce((max, item) => Math.max(max, item.sequence_id), 0) + 1,
        sort_order: 65535 * (inProject.length + 1),
        start_date: changes.start_date ?? null,
        target_date: changes.target_date ?? null,
        parent: changes.parent ?? null,
        external_source: changes.external_source ?? null,
        external_id: changes.external_id ?? null,
        project: projectId,
        workspace: data.workspace.id,
        created_by: actor.id,
        updated_by: actor.id,
        created_at: now,
        updated_at: now,
      };
      data.workItems.push(item);
      emitter.issue('created', item, { actor });
      return item;
    },

    updateWorkItem(actor, item, body) {
      const changes = parseWorkItemChanges(body, data, item.project, false);
      const source = 'external_source' in changes ? changes.external_source : item.external_source;
      const externalId = 'external_id' in changes ? changes.external_id : item.external_id;
      const existing = duplicateWorkItem(item.project, source, externalId, item.id);
      if (existing) {
        throw new SimHttpError(409, {
          error: 'Issue with the same external id and external source already exists',
          id: existing.id,
        });
      }
      // Plane's model_activity: one `updated` webhook per requested key that exists on the
      // serialized instance and differs from it, old value from the instance, new from the request.
      const before = workItemJson(item, data);
      Object.assign(item, changes, { updated_by: actor.id, updated_at: clock() });
      for (const [field, requested] of Object.entries(body)) {
        if (!(field in before) || sameJson(before[field], requested)) continue;
        emitter.issue('updated', item, { actor, field, oldValue: before[field], newValue: requested as PyJson });
      }
      return item;
    },

    createComment(actor, item, body) {
      const html = body.comment_html;
      if (typeof html !== 'string' || html.trim() === '') {
        throw new SimHttpError(400, { comment_html: ['This field is required.'] });
      }
      const access = body.access ?? 'INTERNAL';
      if (!ACCESS.includes(access as CommentAccess)) {
        throw new SimHttpError(400, { access: [`"${String(access)}" is not a valid choice.`] });
      }
      const source = optionalText(body, 'external_source');
      const externalId = optionalText(body, 'external_id');
      const existing =
        source && externalId
          ? data.comments.find(
              (c) => c.project === item.project && c.external_source === source && c.external_id === externalId,
            )
          : undefined;
      if (existing) {
        throw new SimHttpError(409, {
          error: 'Issue Comment with the same external id and external source already exists',
          id: existing.id,
        });
      }
      const now = clock();
      const comment: SimComment = {
        id: randomUUID(),
        comment_html: html,
        comment_stripped: stripTags(html),
        issue: item.id,
        project: item.project,
        workspace: item.workspace,
        actor: actor.id,
        access: access as CommentAccess,
        external_source: source,
        external_id: externalId,
        created_at: now,
        updated_at: now,
      };
      data.comments.push(comment);
      emitter.comment('created', comment, { actor });
      startAgentRuns(actor, comment);
      return comment;
    },
  };
}
