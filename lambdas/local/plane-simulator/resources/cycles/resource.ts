import { randomUUID } from 'node:crypto';
import { createdInProject } from '../project-base-model';
import { type SeedingData, type SimResource, seededList } from '../resource';
import type { SimCycle } from './record';
import { CYCLE_ROUTES } from './routes';

const DAY = 86_400_000;

/** One current cycle in the first project: from a week ago to a week ahead, owned by the human. */
function seedCycle(data: SeedingData, now: number): SimCycle {
  const [project] = seededList(data, 'projects');
  const today = now - (now % DAY);
  return {
    id: randomUUID(),
    name: 'Sprint 1',
    description: 'The first two weeks.',
    start_date: today - 7 * DAY + 1000,
    end_date: today + 8 * DAY - 60_000,
    owned_by: data.human.id,
    sort_order: 65535,
    external_source: null,
    external_id: null,
    timezone: 'UTC',
    ...createdInProject(project, data.human.id, now),
  };
}

/** Cycles (sprints) of a project. */
export const cyclesResource: SimResource<'cycles'> = {
  seed: (data, now) => ({ cycles: [seedCycle(data, now)] }),
  routes: CYCLE_ROUTES,
};
