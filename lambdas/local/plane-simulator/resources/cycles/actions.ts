import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { httpError } from '../../http/http-io';
import { externalIdConflict, withExternalId } from '../../rest/external-id';
import { applyUpdate } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import { createdInProject } from '../project-base-model';
import type { SimProject } from '../projects/record';
import { firstSortOrder } from '../work-item-groups';
import { parseCycleChanges } from './input';
import type { SimCycle } from './record';
import { cycleJson } from './serializer';

/**
 * `POST /cycles/` (api/views/cycle.py): both dates or neither, the serializer's checks, 409 on a
 * repeated external id, then a `cycle` `created` webhook.
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
  const existing = withExternalId(data.cycles, project.id, body.external_source, body.external_id);
  if (existing) throw externalIdConflict('Cycle', existing.id);
  const cycle: SimCycle = {
    id: randomUUID(),
    name: '',
    description: '',
    start_date: null,
    end_date: null,
    owned_by: actor.id,
    sort_order: firstSortOrder(data.cycles.filter((sibling) => sibling.project === project.id)),
    external_source: null,
    external_id: null,
    timezone: 'UTC',
    ...changes,
    ...createdInProject(project, actor.id, now),
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
  const source = body.external_source ?? cycle.external_source;
  if (
    body.external_id !== cycle.external_id &&
    withExternalId(ctx.data.cycles, cycle.project, source, body.external_id)
  ) {
    throw externalIdConflict('Cycle', cycle.id);
  }
  return applyUpdate(ctx, { event: 'cycle', actor, record: cycle, changes, requested: body }, cycleJson);
}
