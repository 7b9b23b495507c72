import { randomUUID } from 'node:crypto';
import type { SimulatorCollections } from '../../simulator-data';
import type { SeedingData } from '../resource';
import { defaultStates, newProject } from './defaults';
import type { SimLabel } from './record';

const LABELS: ReadonlyArray<[string, string]> = [
  ['bug', '#E5484D'],
  ['feature', '#3E63DD'],
  ['documentation', '#8E4EC6'],
];

/** One public project (`WEB`) by the human, cycles and modules on, with Plane's default states and three labels. */
export function seedProjects(
  data: SeedingData,
  now: number,
): Pick<SimulatorCollections, 'projects' | 'states' | 'labels'> {
  const workspaceId = data.workspace.id;
  const projectId = randomUUID();
  const states = defaultStates(projectId, workspaceId);
  const labels: SimLabel[] = LABELS.map(([name, color]) => ({
    id: randomUUID(),
    name,
    color,
    description: '',
    project: projectId,
    workspace: workspaceId,
    created_at: now,
  }));
  const project = newProject({
    id: projectId,
    identifier: 'WEB',
    name: 'Website',
    description: 'The company website.',
    module_view: true,
    cycle_view: true,
    issue_views_view: true,
    default_state: states[0].id,
    workspace: workspaceId,
    members: [data.human.id],
    created_by: data.human.id,
    created_at: now,
  });
  return { projects: [project], states, labels };
}
