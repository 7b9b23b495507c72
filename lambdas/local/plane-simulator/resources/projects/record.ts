export type StateGroup = 'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled';

export interface SimProject {
  id: string;
  identifier: string;
  name: string;
  description: string;
  workspace: string;
  members: string[];
  default_state: string;
  created_by: string;
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
