import type { ProjectBaseFields } from '../project-base-model';
/** Plane's `Cycle` model (db/models/cycle.py), less the fields the simulator never changes. */
export interface SimCycle extends ProjectBaseFields {
  id: string;
  name: string;
  description: string;
  /** A `DateTimeField`, epoch ms: Plane stores a start day as its first second in the project's time zone. */
  start_date: number | null;
  /** Epoch ms: an end day is stored as its last minute, 23:59. */
  end_date: number | null;
  owned_by: string;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  timezone: string;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly cycles: SimCycle[];
  }
}
