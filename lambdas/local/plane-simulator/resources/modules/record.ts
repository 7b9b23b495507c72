export type ModuleStatus = 'backlog' | 'planned' | 'in-progress' | 'paused' | 'completed' | 'cancelled';

/** Plane's `Module` model (db/models/module.py), less the fields the simulator never changes. */
export interface SimModule {
  id: string;
  name: string;
  description: string;
  /** `DateField`s: `YYYY-MM-DD`. */
  start_date: string | null;
  target_date: string | null;
  status: ModuleStatus;
  lead: string | null;
  /** User ids, in the order they were added (`ModuleMember` rows). */
  members: string[];
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  project: string;
  workspace: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly modules: SimModule[];
  }
}
