import type { JsonObject } from '../../format/python-json';
import { isoTimestamp as ts } from '../../format/timestamps';
import type { SimLabel, SimProject, SimState } from './record';

export function projectJson(project: SimProject): JsonObject {
  return {
    id: project.id,
    created_at: ts(project.created_at),
    updated_at: ts(project.updated_at),
    name: project.name,
    description: project.description,
    identifier: project.identifier,
    network: 2,
    created_by: project.created_by,
    workspace: project.workspace,
    default_state: project.default_state,
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
