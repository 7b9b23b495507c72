import { SimHttpError } from '../../http/http-io';
import {
  nonFieldError,
  readChoice,
  readDate,
  readExternalIds,
  readIdList,
  readName,
  readText,
  readUserId,
} from '../../rest/fields';
import type { SimulatorData } from '../../simulator-data';
import type { SimProject } from '../projects/record';
import type { ModuleStatus, SimModule } from './record';

const STATUSES: readonly ModuleStatus[] = ['backlog', 'planned', 'in-progress', 'paused', 'completed', 'cancelled'];

/** The writable fields of a module (`ModuleCreateSerializer`), validated; only those sent are set. */
export type ModuleChanges = Partial<
  Pick<
    SimModule,
    | 'name'
    | 'description'
    | 'start_date'
    | 'target_date'
    | 'status'
    | 'lead'
    | 'members'
    | 'external_source'
    | 'external_id'
  >
>;

/** `members`: a ListField of user keys; `validate()` then keeps the project's members only. */
function readMembers(body: Record<string, unknown>, data: SimulatorData, project: SimProject): string[] | undefined {
  const ids = readIdList(body, 'members');
  if (ids === undefined) return undefined;
  const users = new Set(data.users.map((user) => user.id));
  const unknown = ids.findIndex((id) => !users.has(id));
  if (unknown >= 0) {
    throw new SimHttpError(400, { members: { [unknown]: [`Invalid pk "${ids[unknown]}" - object does not exist.`] } });
  }
  return [...new Set(ids)].filter((id) => project.members.includes(id));
}

/**
 * Validates a module create or update body as `ModuleCreateSerializer` / `ModuleUpdateSerializer`
 * do (api/serializers/module.py), `validate()` included: the route's project must have modules on,
 * and a start after the target date is refused when both are sent.
 */
export function parseModuleChanges(
  body: Record<string, unknown>,
  data: SimulatorData,
  project: SimProject,
  creating: boolean,
): ModuleChanges {
  const changes: ModuleChanges = {};
  const name = readName(body, creating);
  if (name !== undefined) changes.name = name;
  const description = readText(body, 'description', Number.POSITIVE_INFINITY);
  if (description !== undefined) changes.description = description;
  for (const field of ['start_date', 'target_date'] as const) {
    const value = readDate(body, field);
    if (value !== undefined) changes[field] = value;
  }
  const status = readChoice(body, 'status', STATUSES);
  if (status !== undefined) changes.status = status;
  const lead = readUserId(body, 'lead', data);
  if (lead !== undefined) changes.lead = lead;
  const members = readMembers(body, data, project);
  if (members !== undefined) changes.members = members;
  Object.assign(changes, readExternalIds(body));
  if (!project.module_view) throw nonFieldError('Modules are not enabled for this project');
  if (changes.start_date && changes.target_date && changes.start_date > changes.target_date) {
    throw nonFieldError('Start date cannot exceed target date');
  }
  return changes;
}
