import { randomUUID } from 'node:crypto';
import { createdInProject } from '../project-base-model';
import { type SeedingData, type SimResource, seededList } from '../resource';
import type { SimModule } from './record';
import { MODULE_ROUTES } from './routes';

/** One module in progress in the first project, led by the human. */
function seedModule(data: SeedingData, now: number): SimModule {
  const [project] = seededList(data, 'projects');
  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    id: randomUUID(),
    name: 'Launch',
    description: 'Everything the public launch needs.',
    start_date: day(-14),
    target_date: day(30),
    status: 'in-progress',
    lead: data.human.id,
    members: [data.human.id],
    sort_order: 65535,
    external_source: null,
    external_id: null,
    ...createdInProject(project, data.human.id, now),
  };
}

/** Modules (feature groups) of a project. */
export const modulesResource: SimResource<'modules'> = {
  seed: (data, now) => ({ modules: [seedModule(data, now)] }),
  routes: MODULE_ROUTES,
};
