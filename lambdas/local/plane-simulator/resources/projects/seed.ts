import { randomUUID } from 'node:crypto';
import type { SimulatorCollections } from '../../simulator-data';
import type { SeedingData } from '../resource';
import type { SimLabel, SimState, StateGroup } from './record';

const STATES: ReadonlyArray<[string, string, StateGroup]> = [
  ['Backlog', '#60646C', 'backlog'],
  ['Todo', '#60646C', 'unstarted'],
  ['In Progress', '#F59E0B', 'started'],
  ['Done', '#46A758', 'completed'],
  ['Cancelled', '#9AA4BC', 'cancelled'],
];

const LABELS: ReadonlyArray<[string, string]> = [
  ['bug', '#E5484D'],
  ['feature', '#3E63DD'],
  ['documentation', '#8E4EC6'],
];

/** One project (`WEB`) with Plane's five default states and three labels. */
export function seedProjects(
  data: SeedingData,
  now: number,
): Pick<SimulatorCollections, 'projects' | 'states' | 'labels'> {
  const workspaceId = data.workspace.id;
  const projectId = randomUUID();
  const states: SimState[] = STATES.map(([name, color, group], index) => ({
    id: randomUUID(),
    name,
    color,
    group,
    sequence: (index + 1) * 15000,
    default: group === 'backlog',
    project: projectId,
    workspace: workspaceId,
  }));
  const labels: SimLabel[] = LABELS.map(([name, color]) => ({
    id: randomUUID(),
    name,
    color,
    description: '',
    project: projectId,
    workspace: workspaceId,
    created_at: now,
  }));
  const project = {
    id: projectId,
    identifier: 'WEB',
    name: 'Website',
    description: 'The company website.',
    workspace: workspaceId,
    members: [data.human.id],
    default_state: states[0].id,
    created_by: data.human.id,
    created_at: now,
    updated_at: now,
  };
  return { projects: [project], states, labels };
}
