import { SimHttpError } from './http/http-io';
import type { Priority, SimulatorData, SimWorkItem } from './records';

const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

function fieldError(field: string, message: string): SimHttpError {
  return new SimHttpError(400, { [field]: [message] });
}

function text(body: Record<string, unknown>, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw fieldError(field, 'Not a valid string.');
  if (value.length > maxLength) throw fieldError(field, `Ensure this field has no more than ${maxLength} characters.`);
  return value;
}

function nullableText(body: Record<string, unknown>, field: string, maxLength: number): string | null | undefined {
  return body[field] === null ? null : text(body, field, maxLength);
}

function date(body: Record<string, unknown>, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw fieldError(field, 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
  }
  return value;
}

function idList(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw fieldError(field, 'Expected a list of items.');
  }
  return value as string[];
}

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
  const name = text(body, 'name', 255);
  if (name !== undefined) {
    if (name.trim() === '') throw fieldError('name', 'This field may not be blank.');
    changes.name = name;
  } else if (creating) {
    throw fieldError('name', 'This field is required.');
  }
  const description = text(body, 'description_html', 1_000_000);
  if (description !== undefined) changes.description_html = description;
  if (body.priority !== undefined) {
    if (!PRIORITIES.includes(body.priority as Priority)) {
      throw fieldError('priority', `"${String(body.priority)}" is not a valid choice.`);
    }
    changes.priority = body.priority as Priority;
  }
  if (body.state !== undefined) {
    const state = data.states.find((item) => item.id === body.state && item.project === projectId);
    if (!state) throw new SimHttpError(400, { non_field_errors: ['State is not valid please pass a valid state_id'] });
    changes.state = state.id;
  }
  const project = data.projects.find((item) => item.id === projectId);
  const assignees = idList(body, 'assignees');
  if (assignees) changes.assignees = [...new Set(assignees)].filter((id) => project?.members.includes(id));
  const labels = idList(body, 'labels');
  if (labels) {
    changes.labels = [...new Set(labels)].filter((id) =>
      data.labels.some((label) => label.id === id && label.project === projectId),
    );
  }
  const start = date(body, 'start_date');
  if (start !== undefined) changes.start_date = start;
  const target = date(body, 'target_date');
  if (target !== undefined) changes.target_date = target;
  if (body.parent !== undefined) {
    const parent =
      body.parent === null
        ? undefined
        : data.workItems.find((item) => item.id === body.parent && item.project === projectId);
    if (body.parent !== null && !parent) {
      throw new SimHttpError(400, { non_field_errors: ['Parent is not valid issue_id please pass a valid issue_id'] });
    }
    changes.parent = parent ? parent.id : null;
  }
  const source = nullableText(body, 'external_source', 255);
  if (source !== undefined) changes.external_source = source;
  const externalId = nullableText(body, 'external_id', 255);
  if (externalId !== undefined) changes.external_id = externalId;
  const startDate = changes.start_date ?? null;
  const targetDate = changes.target_date ?? null;
  if (startDate && targetDate && startDate > targetDate) {
    throw new SimHttpError(400, { non_field_errors: ['Start date cannot exceed target date'] });
  }
  return changes;
}
