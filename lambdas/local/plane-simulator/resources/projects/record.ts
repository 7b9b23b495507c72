import type { JsonObject } from '../../format/python-json';

export type StateGroup = 'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled';

/** Plane's `Project` model (db/models/project.py), less the fields the simulator never changes. */
export interface SimProject {
  id: string;
  identifier: string;
  name: string;
  description: string;
  /** 0 secret, 2 public. */
  network: 0 | 2;
  emoji: string | null;
  cover_image: string | null;
  module_view: boolean;
  cycle_view: boolean;
  issue_views_view: boolean;
  page_view: boolean;
  intake_view: boolean;
  is_time_tracking_enabled: boolean;
  is_issue_type_enabled: boolean;
  guest_view_all_features: boolean;
  archive_in: number;
  close_in: number;
  logo_props: JsonObject;
  timezone: string;
  external_source: string | null;
  external_id: string | null;
  project_lead: string | null;
  default_assignee: string | null;
  default_state: string | null;
  workspace: string;
  /** Member user ids. The creator and the lead are admins (role 20), everyone else a member (15). */
  members: string[];
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface SimState {
  id: string;
  name: string;
  color: string;
  group: StateGroup;
  sequence: number;
  default: boolean;
  project: string;
  workspace: string;
}

export interface SimLabel {
  id: string;
  name: string;
  color: string;
  description: string;
  project: string;
  workspace: string;
  created_at: number;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly projects: SimProject[];
    /** Every project's workflow states. */
    readonly states: SimState[];
    readonly labels: SimLabel[];
  }
}
