import type { ApiRoute } from '../rest/api-route';
import type { SimulatorCollections } from '../simulator-data';
import { agentRunsResource } from './agent-runs/resource';
import { commentsResource } from './comments/resource';
import { cyclesResource } from './cycles/resource';
import { membersResource } from './members/resource';
import { modulesResource } from './modules/resource';
import { projectsResource } from './projects/resource';
import type { SeedingData, SimResource } from './resource';
import { workItemsResource } from './work-items/resource';

/** Every simulated Plane resource, in seeding order. A new resource is a folder and a line here. */
const RESOURCES = [
  membersResource, // users
  projectsResource, // projects, states, labels
  workItemsResource, // workItems
  commentsResource, // comments
  agentRunsResource, // agentRuns, agentActivities
  cyclesResource, // cycles
  modulesResource, // modules
] as const;

type ListsOf<R> = R extends SimResource<infer K> ? K : never;
type Unseeded = Exclude<keyof SimulatorCollections, ListsOf<(typeof RESOURCES)[number]>>;
/** Compiles only when every list some record.ts declares has a registered resource seeding it. */
type SeededCollections = [Unseeded] extends [never] ? SimulatorCollections : { readonly unseeded: Unseeded };

/** Every `/api/v1` route the simulator serves. */
export const API_ROUTES: readonly ApiRoute[] = RESOURCES.flatMap((resource) => resource.routes);

/** The routes of Plane's web-app API (`/api/...`) the simulator serves. */
export const WEB_ROUTES: readonly ApiRoute[] = RESOURCES.flatMap((resource) =>
  'webRoutes' in resource ? (resource.webRoutes ?? []) : [],
);

/** The resources' lists for a fresh workspace, each seeded in registry order. */
export function seedCollections(base: SeedingData, now: number): SeededCollections {
  const lists: Partial<SimulatorCollections> = {};
  for (const resource of RESOURCES) Object.assign(lists, resource.seed({ ...base, ...lists }, now));
  // Complete: the type above checks that the registered resources cover every list.
  return lists as SeededCollections;
}
