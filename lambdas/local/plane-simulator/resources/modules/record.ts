import type { ProjectBaseFields } from '../project-base-model';
export type ModuleStatus = 'backlog' | 'planned' | 'in-progress' | 'paused' | 'completed' | 'cancelled';

/** Plane's `Module` model (db/models/module.py), less the fields the simulator never changes. */
export interface SimModule extends ProjectBaseFields {
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
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly modules: SimModule[];
  }
}
