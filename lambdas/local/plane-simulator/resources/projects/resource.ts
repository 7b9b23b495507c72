import type { SimResource } from '../resource';
import { PROJECT_ROUTES } from './routes';
import { seedProjects } from './seed';

/** Projects with their states and labels. */
export const projectsResource: SimResource<'projects' | 'states' | 'labels'> = {
  seed: seedProjects,
  routes: PROJECT_ROUTES,
};
