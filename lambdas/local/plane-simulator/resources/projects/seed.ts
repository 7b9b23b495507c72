import { randomUUID } from 'node:crypto';
import type { SimulatorCollections } from '../../simulator-data';
import type { SeedingData } from '../resource';
import { defaultStates } from './default-states';
import type { SimLabel, SimProject } from './record';

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
  const project: SimProject = {
    id: projectId,
    identifier: 'WEB',
    name: 'Website',
    description: 'The company website.',
    network: 2,
    emoji: null,
    cover_image: null,
    module_view: true,
    cycle_view: true,
    issue_views_view: true,
    page_view: true,
    intake_view: false,
    is_time_tracking_enabled: false,
    is_issue_type_enabled: false,
    guest_view_all_features: false,
    archive_in: 0,
    close_in: 0,
    logo_props: {},
    timezone: 'UTC',
    external_source: null,
    external_id: null,
    project_lead: null,
    default_assignee: null,
    default_state: states[0].id,
    workspace: workspaceId,
    members: [data.human.id],
    created_by: data.human.id,
    updated_by: null,
    created_at: now,
    updated_at: now,
  };
  return { projects: [project], states, labels };
}
