import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { httpError, SimHttpError } from '../../http/http-io';
import { emitFieldUpdates } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import type { SimProject } from '../projects/record';
import { parseCycleChanges } from './input';
import type { SimCycle } from './record';
import { cycleJson } from './serializer';

function conflict(id: string): SimHttpError {
  return new SimHttpError(409, { error: 'Cycle with the same external id and external source already exists', id });
}

function sameExternal(
  ctx: ActionContext,
  projectId: string,
  source: unknown,
  externalId: unknown,
): SimCycle | undefined {
  return ctx.data.cycles.find(
    (cycle) => cycle.project === projectId && cycle.external_source === source && cycle.external_id === externalId,
  );
}

/**
 * `POST /cycles/` (api/views/cycle.py): both dates or neither, the serializer's checks, 409 on a
 * repeated external id, then a `cycle` `created` webhook. A new cycle sorts first: 10000 below the
 * smallest `sort_order` in the project (db/models/cycle.py `save`).
 */
export function createCycle(
  ctx: ActionContext,
  actor: SimUser,
  project: SimProject,
  body: Record<string, unknown>,
): SimCycle {
  const { data } = ctx;
  const hasStart = (body.start_date ?? null) !== null;
  const hasEnd = (body.end_date ?? null) !== null;
  if (hasStart !== hasEnd) {
    throw httpError(400, 'Both start date and end date are either required or are to be null');
  }
  const now = ctx.clock();
  const changes = parseCycleChanges(body, data, { actor: actor.id, now });
  const existing =
    body.external_id && body.external_source
      ? sameExternal(ctx, project.id, body.external_source, body.external_id)
      : undefined;
  if (existing) throw conflict(existing.id);
  const inProject = data.cycles.filter((cycle) => cycle.project === project.id);
  const cycle: SimCycle = {
    id: randomUUID(),
    name: '',
    description: '',
    start_date: null,
    end_date: null,
    owned_by: actor.id,
    sort_order: inProject.length > 0 ? Math.min(...inProject.map((other) => other.sort_order)) - 10000 : 65535,
    external_source: null,
    external_id: null,
    timezone: 'UTC',
    ...changes,
    project: project.id,
    workspace: project.workspace,
    created_by: actor.id,
    updated_by: null,
    created_at: now,
    updated_at: now,
  };
  data.cycles.push(cycle);
  ctx.webhooks.emit('cycle', 'created', cycleJson(cycle), { actor });
  return cycle;
}

/**
 * `PATCH /cycles/{id}/` (api/views/cycle.py): a finished cycle is refused unless the body has a
 * `sort_order`; then one `cycle` `updated` webhook per changed field. The 409 names this cycle's
 * id, as Plane's does.
 */
export function updateCycle(
  ctx: ActionContext,
  actor: SimUser,
  cycle: SimCycle,
  body: Record<string, unknown>,
): SimCycle {
  const now = ctx.clock();
  if (cycle.end_date !== null && cycle.end_date < now && !('sort_order' in body)) {
    throw httpError(400, 'The Cycle has already been completed so it cannot be edited');
  }
  const changes = parseCycleChanges(body, ctx.data, { actor: actor.id, now, cycle });
  const externalId = body.external_id;
  const source = body.external_source ?? cycle.external_source;
  if (externalId && cycle.external_id !== externalId && sameExternal(ctx, cycle.project, source, externalId)) {
    throw conflict(cycle.id);
  }
  const before = cycleJson(cycle);
  Object.assign(cycle, changes, { updated_by: actor.id, updated_at: now });
  emitFieldUpdates(ctx.webhooks, 'cycle', actor, before, body, () => cycleJson(cycle));
  return cycle;
}
