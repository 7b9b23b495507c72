import { type JsonObject, PyFloat } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import { withIssueCounts } from '../work-item-groups';
import type { SimCycle } from './record';

/**
 * A cycle as `CycleSerializer(cycle).data` (api/serializers/cycle.py) on a plain model instance:
 * the id, then the fields of db/models/cycle.py in order, foreign keys last. The webhook task
 * (bgtasks/webhook_task.py `get_model_data`) and the create and update answers serialise this way.
 */
export function cycleJson(cycle: SimCycle): JsonObject {
  return {
    id: cycle.id,
    created_at: ts(cycle.created_at),
    updated_at: ts(cycle.updated_at),
    deleted_at: null,
    name: cycle.name,
    description: cycle.description,
    start_date: cycle.start_date === null ? null : ts(cycle.start_date),
    end_date: cycle.end_date === null ? null : ts(cycle.end_date),
    view_props: {},
    sort_order: new PyFloat(cycle.sort_order),
    external_source: cycle.external_source,
    external_id: cycle.external_id,
    progress_snapshot: {},
    archived_at: null,
    logo_props: {},
    timezone: cycle.timezone,
    version: 1,
    created_by: cycle.created_by,
    updated_by: cycle.updated_by,
    project: cycle.project,
    workspace: cycle.workspace,
    owned_by: cycle.owned_by,
  };
}

/** A cycle as the list and detail views answer it, with the work-item counts they annotate. */
export function cycleApiJson(cycle: SimCycle): JsonObject {
  return withIssueCounts(cycleJson(cycle));
}
