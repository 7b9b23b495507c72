import { fieldError, nonFieldError, readExternalIds, readName, readText, readUserId } from '../../rest/fields';
import type { SimulatorData } from '../../simulator-data';
import type { SimCycle } from './record';

const DAY = 86_400_000;
// What Django's parse_datetime accepts (it tries `datetime.fromisoformat` first): a date, or a
// date and time, with an optional UTC offset. A value without one is in UTC (TIME_ZONE = "UTC").
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(?:Z|([+-])(\d{2}):?(\d{2}))?$/;

const WRONG_FORMAT =
  'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';

/** The writable fields of a cycle (`CycleCreateSerializer`), validated; only those sent are set. */
export type CycleChanges = Partial<
  Pick<SimCycle, 'name' | 'description' | 'start_date' | 'end_date' | 'owned_by' | 'external_source' | 'external_id'>
>;

/** A `DateTimeField`, as epoch milliseconds (microseconds beyond them are dropped), or null. */
function readDateTime(body: Record<string, unknown>, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  const match = typeof value === 'string' ? DATE_TIME.exec(value.trim()) : null;
  if (!match) throw fieldError(field, WRONG_FORMAT);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', sign, offsetH, offsetM] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, millis);
  const valid = new Date(local).getUTCMonth() === +month - 1 && new Date(local).getUTCDate() === +day;
  if (!valid || +hour > 23 || +minute > 59 || +second > 59) throw fieldError(field, WRONG_FORMAT);
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (+offsetH * 60 + +offsetM) : 0;
  return local - offsetMinutes * 60_000;
}

/**
 * `convert_to_utc` (utils/timezone_converter.py) in a UTC project: a start day becomes its first
 * second (or now, when it is today), an end day its last minute.
 */
function dayBounds(start: number, end: number, now: number): { start: number; end: number } {
  const startDay = start - (start % DAY);
  const endDay = end - (end % DAY);
  return {
    start: startDay === now - (now % DAY) ? now : startDay + 1000,
    end: endDay + DAY - 60_000,
  };
}

/**
 * Validates a cycle create or update body as `CycleCreateSerializer` / `CycleUpdateSerializer` do
 * (api/serializers/cycle.py), `validate()` included. Its quirks are Plane's: the project is the
 * body's `project_id` (or, on update, the cycle's), so a create without one is refused; and an
 * owner not sent becomes the caller, on updates too.
 */
export function parseCycleChanges(
  body: Record<string, unknown>,
  data: SimulatorData,
  context: { actor: string; now: number; cycle?: SimCycle },
): CycleChanges {
  const { actor, now, cycle } = context;
  const changes: CycleChanges = {};
  const name = readName(body, cycle === undefined);
  if (name !== undefined) changes.name = name;
  const description = readText(body, 'description', Number.POSITIVE_INFINITY);
  if (description !== undefined) changes.description = description;
  const start = readDateTime(body, 'start_date');
  const end = readDateTime(body, 'end_date');
  const owner = readUserId(body, 'owned_by', data);
  Object.assign(changes, readExternalIds(body));
  if (body.timezone !== undefined && body.timezone !== 'UTC') {
    throw fieldError('timezone', 'The Plane simulator keeps cycles in "UTC" only.');
  }
  const projectId = body.project_id || cycle?.project;
  if (!projectId) throw nonFieldError('Project ID is required');
  const project = data.projects.find((candidate) => candidate.id === projectId);
  if (!project) throw nonFieldError('Project not found');
  if (!project.cycle_view) throw nonFieldError('Cycles are not enabled for this project');
  if (typeof start === 'number' && typeof end === 'number') {
    if (start > end) throw nonFieldError('Start date cannot exceed end date');
    const bounds = dayBounds(start, end, now);
    changes.start_date = bounds.start;
    changes.end_date = bounds.end;
  } else {
    if (start !== undefined) changes.start_date = start;
    if (end !== undefined) changes.end_date = end;
  }
  changes.owned_by = owner || actor;
  return changes;
}
