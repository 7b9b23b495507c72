import { randomUUID } from 'node:crypto';
import type { SimProject, SimState, StateGroup } from './record';

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

type Required = 'identifier' | 'name' | 'workspace' | 'members' | 'created_by' | 'created_at';

/** A project with the defaults of Plane's model (db/models/project.py) where `fields` says nothing. */
export function newProject(fields: Pick<SimProject, Required> & Partial<SimProject>): SimProject {
  return {
    id: randomUUID(),
    description: '',
    network: 2,
    emoji: null,
    cover_image: null,
    module_view: false,
    cycle_view: false,
    issue_views_view: false,
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
    default_state: null,
    updated_by: null,
    updated_at: fields.created_at,
    ...fields,
  };
}
