import type { ApiRoute } from '../rest/api-route';
import type { SimulatorCollections, SimulatorData } from '../simulator-data';

/** A workspace being seeded: the base, plus the lists of the resources seeded before this one. */
export type SeedingData = Omit<SimulatorData, keyof SimulatorCollections> & Partial<SimulatorCollections>;

/**
 * One simulated Plane resource (a folder under resources/): the lists of records it keeps in
 * `SimulatorData` (`K`), what a fresh workspace holds, and its routes under `/api/v1`.
 */
export interface SimResource<K extends keyof SimulatorCollections> {
  /** The resource's lists in a fresh workspace. Runs in registry order. */
  seed(data: SeedingData, now: number): Pick<SimulatorCollections, K>;
  /** Patterns relative to `/api/v1`. */
  readonly routes: readonly ApiRoute[];
  /**
   * Routes of Plane's web-app API, relative to `/api` (the Stop button, replies in a thread):
   * session-authenticated in Plane, the simulator takes the `/api/v1` credentials.
   */
  readonly webRoutes?: readonly ApiRoute[];
}

/** A list seeded by an earlier resource; throws when the registry order is wrong. */
export function seededList<K extends keyof SimulatorCollections>(data: SeedingData, key: K): SimulatorCollections[K] {
  const lists: Partial<SimulatorCollections> = data;
  const list = lists[key];
  if (list === undefined) throw new Error(`seed "${String(key)}" first: check the order in resources/index.ts`);
  return list;
}
