import {
  nonFieldError,
  readChoice,
  readDate,
  readExternalIds,
  readIdList,
  readName,
  readText,
} from '../../rest/fields';
import type { SimulatorData } from '../../simulator-data';
import type { Priority, SimWorkItem } from './record';

const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];

/** The writable fields of a work item, validated. Only keys present in the request are set. */
export type WorkItemChanges = Partial<
  Pick<
    SimWorkItem,
    | 'name'
    | 'description_html'
    | 'priority'
    | 'state'
    | 'assignees'
    | 'labels'
    | 'start_date'
    | 'target_date'
    | 'parent'
    | 'external_source'
    | 'external_id'
  >
>;

/**
 * Validates a work-item create or update body the way Plane's `IssueSerializer` does: unknown
 * priorities and states are 400s; assignees outside the project and labels of other projects are
 * silently dropped.
 */
export function parseWorkItemChanges(
  body: Record<string, unknown>,
  data: SimulatorData,
  projectId: string,
  creating: boolean,
): WorkItemChanges {
  const changes: WorkItemChanges = {};
  const name = readName(body, creating);
  if (name !== undefined) changes.name = name;
  const description = readText(body, 'description_html', 1_000_000);
  if (description !== undefined) changes.description_html = description;
  const priority = readChoice(body, 'priority', PRIORITIES);
  if (priority !== undefined) changes.priority = priority;
  if (body.state !== undefined) {
    const state = data.states.find((item) => item.id === body.state && item.project === projectId);
    if (!state) throw nonFieldError('State is not valid please pass a valid state_id');
    changes.state = state.id;
  }
  const project = data.projects.find((item) => item.id === projectId);
  const assignees = readIdList(body, 'assignees');
  if (assignees) changes.assignees = [...new Set(assignees)].filter((id) => project?.members.includes(id));
  const labels = readIdList(body, 'labels');
  if (labels) {
    changes.labels = [...new Set(labels)].filter((id) =>
      data.labels.some((label) => label.id === id && label.project === projectId),
    );
  }
  const start = readDate(body, 'start_date');
  if (start !== undefined) changes.start_date = start;
  const target = readDate(body, 'target_date');
  if (target !== undefined) changes.target_date = target;
  if (body.parent !== undefined) {
    const parent =
      body.parent === null
        ? undefined
        : data.workItems.find((item) => item.id === body.parent && item.project === projectId);
    if (body.parent !== null && !parent) {
      throw nonFieldError('Parent is not valid issue_id please pass a valid issue_id');
    }
    changes.parent = parent ? parent.id : null;
  }
  Object.assign(changes, readExternalIds(body));
  const startDate = changes.start_date ?? null;
  const targetDate = changes.target_date ?? null;
  if (startDate && targetDate && startDate > targetDate) {
    throw nonFieldError('Start date cannot exceed target date');
  }
  return changes;
}
