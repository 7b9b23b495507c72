import { randomUUID } from 'node:crypto';
import type { SimState, StateGroup } from './record';

// DEFAULT_STATES (db/models/state.py), which every new project gets (api/views/project.py
// `post`). Its sixth, "Triage", is hidden by State's default manager, so no list shows it.
const DEFAULT_STATES: ReadonlyArray<[string, string, number, StateGroup]> = [
  ['Backlog', '#60646C', 15000, 'backlog'],
  ['Todo', '#60646C', 25000, 'unstarted'],
  ['In Progress', '#F59E0B', 35000, 'started'],
  ['Done', '#46A758', 45000, 'completed'],
  ['Cancelled', '#9AA4BC', 55000, 'cancelled'],
];

/** A new project's workflow states; `Backlog` is the default one. */
export function defaultStates(projectId: string, workspaceId: string): SimState[] {
  return DEFAULT_STATES.map(([name, color, sequence, group]) => ({
    id: randomUUID(),
    name,
    color,
    group,
    sequence,
    default: group === 'backlog',
    project: projectId,
    workspace: workspaceId,
  }));
}
