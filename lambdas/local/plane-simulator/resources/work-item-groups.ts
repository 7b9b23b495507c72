import type { JsonObject } from '../format/python-json';

/**
 * A new cycle or module sorts first: 10000 below the smallest `sort_order` in its project, or
 * the field's default 65535 (`Cycle.save` and `Module.save`, db/models/cycle.py and module.py).
 */
export function firstSortOrder(siblings: ReadonlyArray<{ readonly sort_order: number }>): number {
  return siblings.length > 0 ? Math.min(...siblings.map((sibling) => sibling.sort_order)) - 10000 : 65535;
}

/**
 * A cycle or module as the list and detail views answer it: their querysets annotate work-item
 * counts, which the serializers declare right after `id` (api/views/cycle.py and module.py
 * `get_queryset`). The simulator puts no work items in cycles or modules, so every count is 0.
 */
export function withIssueCounts(json: JsonObject): JsonObject {
  const { id, ...fields } = json;
  return {
    id,
    total_issues: 0,
    cancelled_issues: 0,
    completed_issues: 0,
    started_issues: 0,
    unstarted_issues: 0,
    backlog_issues: 0,
    ...fields,
  };
}
