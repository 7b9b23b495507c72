import { type JsonObject, PyFloat } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import { withIssueCounts } from '../work-item-groups';
import type { SimModule } from './record';

/**
 * A module as `ModuleSerializer(module).data` (api/serializers/module.py) on a plain model
 * instance: the id, the fields of db/models/module.py in order, foreign keys, then `members`,
 * which its `to_representation` appends last (the declared `members` field is write-only). The
 * webhook task (bgtasks/webhook_task.py `get_model_data`) and the create answer serialise this way.
 */
export function moduleJson(module: SimModule): JsonObject {
  return {
    id: module.id,
    created_at: ts(module.created_at),
    updated_at: ts(module.updated_at),
    deleted_at: null,
    name: module.name,
    description: module.description,
    description_text: null,
    description_html: null,
    start_date: module.start_date,
    target_date: module.target_date,
    status: module.status,
    view_props: {},
    sort_order: new PyFloat(module.sort_order),
    external_source: module.external_source,
    external_id: module.external_id,
    archived_at: null,
    logo_props: {},
    created_by: module.created_by,
    updated_by: module.updated_by,
    project: module.project,
    workspace: module.workspace,
    lead: module.lead,
    members: [...module.members],
  };
}

/** A module as the list and detail views answer it, with the work-item counts they annotate. */
export function moduleApiJson(module: SimModule): JsonObject {
  return withIssueCounts(moduleJson(module));
}

/**
 * What `PATCH /modules/{id}/` answers: `ModuleUpdateSerializer(...).data`, that is only the
 * fields it writes, in its `Meta.fields` order (api/views/module.py `patch`).
 */
export function moduleUpdateJson(module: SimModule): JsonObject {
  return {
    name: module.name,
    description: module.description,
    start_date: module.start_date,
    target_date: module.target_date,
    status: module.status,
    lead: module.lead,
    external_source: module.external_source,
    external_id: module.external_id,
  };
}
