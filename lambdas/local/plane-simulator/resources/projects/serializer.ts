import { type JsonObject, PyFloat } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { SimulatorData } from '../../simulator-data';
import { projectRole } from './lookup';
import type { SimLabel, SimProject, SimState } from './record';

/**
 * A project as `ProjectSerializer(project).data` (api/serializers/project.py) on a plain model
 * instance: the id and the declared `cover_image_url` property first, then the model's fields in
 * their order in db/models/project.py, foreign keys last. The webhook task serialises this way
 * (bgtasks/webhook_task.py `get_model_data`), so the read-only annotations are left out.
 */
export function projectJson(project: SimProject): JsonObject {
  return {
    id: project.id,
    cover_image_url: project.cover_image,
    created_at: ts(project.created_at),
    updated_at: ts(project.updated_at),
    deleted_at: null,
    name: project.name,
    description: project.description,
    description_text: null,
    description_html: null,
    network: project.network,
    identifier: project.identifier,
    emoji: project.emoji,
    icon_prop: null,
    module_view: project.module_view,
    cycle_view: project.cycle_view,
    issue_views_view: project.issue_views_view,
    page_view: project.page_view,
    intake_view: project.intake_view,
    is_time_tracking_enabled: project.is_time_tracking_enabled,
    is_issue_type_enabled: project.is_issue_type_enabled,
    guest_view_all_features: project.guest_view_all_features,
    cover_image: project.cover_image,
    archive_in: project.archive_in,
    close_in: project.close_in,
    logo_props: project.logo_props,
    archived_at: null,
    timezone: project.timezone,
    external_source: project.external_source,
    external_id: project.external_id,
    created_by: project.created_by,
    updated_by: project.updated_by,
    workspace: project.workspace,
    default_assignee: project.default_assignee,
    project_lead: project.project_lead,
    cover_image_asset: null,
    estimate: null,
    default_state: project.default_state,
  };
}

/**
 * A project as the REST views answer it: their querysets annotate counts (human members, cycles,
 * modules) and the caller's membership and role (api/views/project.py `get_queryset`), which
 * `ProjectSerializer` declares right after `id`. Only the list also annotates `sort_order`.
 */
export function projectApiJson(
  project: SimProject,
  data: SimulatorData,
  viewer: string,
  withSortOrder = false,
): JsonObject {
  const { id, ...fields } = projectJson(project);
  const role = projectRole(project, viewer);
  const humans = project.members.filter((member) => data.users.some((user) => user.id === member && !user.is_bot));
  return {
    id,
    total_members: humans.length,
    total_cycles: data.cycles.filter((cycle) => cycle.project === project.id).length,
    total_modules: data.modules.filter((module) => module.project === project.id).length,
    is_member: role !== null,
    ...(withSortOrder ? { sort_order: role === null ? null : new PyFloat(65535) } : {}),
    member_role: role,
    is_deployed: false,
    ...fields,
  };
}

export function stateLite(state: SimState): JsonObject {
  return { id: state.id, name: state.name, color: state.color, group: state.group };
}

export function stateJson(state: SimState): JsonObject {
  return {
    ...stateLite(state),
    sequence: state.sequence,
    default: state.default,
    project: state.project,
    workspace: state.workspace,
  };
}

export function labelJson(label: SimLabel): JsonObject {
  return {
    id: label.id,
    created_at: ts(label.created_at),
    name: label.name,
    description: label.description,
    color: label.color,
    project: label.project,
    workspace: label.workspace,
    parent: null,
  };
}
