import {
  fieldError,
  nonFieldError,
  readBoolean,
  readExternalIds,
  readInteger,
  readName,
  readNullableText,
  readText,
  readUserId,
} from '../../rest/fields';
import type { SimulatorData } from '../../simulator-data';
import type { SimProject } from './record';

const FLAGS = [
  'module_view',
  'cycle_view',
  'issue_views_view',
  'page_view',
  'intake_view',
  'guest_view_all_features',
  'is_issue_type_enabled',
  'is_time_tracking_enabled',
] as const;

type Flag = (typeof FLAGS)[number];
type Writable = Flag | 'name' | 'identifier' | 'description' | 'emoji' | 'cover_image' | 'archive_in' | 'close_in';
type Linked = 'project_lead' | 'default_assignee' | 'external_source' | 'external_id' | 'default_state';

/** The writable fields of a project, validated. Only keys present in the request are set. */
export type ProjectChanges = Partial<Pick<SimProject, Writable | Linked>>;

// Project.FORBIDDEN_IDENTIFIER_CHARS_PATTERN (db/models/project.py), for names and identifiers.
const FORBIDDEN = /^.*[&+,:;$^}{*=?@#|'<>.()%!-].*$/;

function readFlags(body: Record<string, unknown>, changes: ProjectChanges): void {
  for (const flag of FLAGS) {
    const value = readBoolean(body, flag);
    if (value !== undefined) changes[flag] = value;
  }
}

function readTexts(body: Record<string, unknown>, changes: ProjectChanges, creating: boolean): void {
  const name = readName(body, creating);
  if (name !== undefined) changes.name = name;
  const identifier = readText(body, 'identifier', 12);
  if (identifier === undefined && creating) throw fieldError('identifier', 'This field is required.');
  if (identifier !== undefined && identifier.trim() === '')
    throw fieldError('identifier', 'This field may not be blank.');
  // Project.save stores identifiers stripped and upper-cased.
  if (identifier !== undefined) changes.identifier = identifier.trim().toUpperCase();
  const description = readText(body, 'description', Number.POSITIVE_INFINITY);
  if (description !== undefined) changes.description = description;
  Object.assign(changes, readExternalIds(body));
  for (const field of ['emoji', 'cover_image'] as const) {
    const value = readNullableText(body, field, 255);
    if (value !== undefined) changes[field] = value;
  }
}

/**
 * Validates a project create or update body as `ProjectCreateSerializer` /
 * `ProjectUpdateSerializer` do (api/serializers/project.py). The simulator keeps every project in
 * UTC, so another `timezone` is refused rather than silently ignored.
 */
export function parseProjectChanges(
  body: Record<string, unknown>,
  data: SimulatorData,
  creating: boolean,
): ProjectChanges {
  const changes: ProjectChanges = {};
  readTexts(body, changes, creating);
  readFlags(body, changes);
  for (const field of ['archive_in', 'close_in'] as const) {
    const value = readInteger(body, field, 0, 12);
    if (value !== undefined) changes[field] = value;
  }
  if (body.timezone !== undefined && body.timezone !== 'UTC') {
    throw fieldError('timezone', 'The Plane simulator keeps projects in "UTC" only.');
  }
  if (changes.name !== undefined && FORBIDDEN.test(changes.name)) {
    throw nonFieldError('Project name cannot contain special characters.');
  }
  if (changes.identifier !== undefined && FORBIDDEN.test(changes.identifier)) {
    throw nonFieldError('Project identifier cannot contain special characters.');
  }
  const lead = readUserId(body, 'project_lead', data);
  if (lead && !data.workspace.members.includes(lead)) {
    throw fieldError('project_lead', 'The provided user is not a member of this workspace.');
  }
  if (lead !== undefined) changes.project_lead = lead;
  const assignee = readUserId(body, 'default_assignee', data);
  if (assignee && !data.workspace.members.includes(assignee)) {
    throw nonFieldError('Default assignee should be a user in the workspace');
  }
  if (assignee !== undefined) changes.default_assignee = assignee;
  if (!creating && body.default_state !== undefined) {
    changes.default_state = typeof body.default_state === 'string' ? body.default_state : null;
  }
  return changes;
}
