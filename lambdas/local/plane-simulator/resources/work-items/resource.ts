import type { SimResource } from '../resource';
import { WORK_ITEM_ROUTES } from './routes';
import { seedWorkItems } from './seed';

/** Work items (issues). */
export const workItemsResource: SimResource<'workItems'> = {
  seed: seedWorkItems,
  routes: WORK_ITEM_ROUTES,
};
