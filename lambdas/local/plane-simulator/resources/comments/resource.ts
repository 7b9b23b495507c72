import type { SimResource } from '../resource';
import { COMMENT_ROUTES, COMMENT_WEB_ROUTES } from './routes';

/** Work-item comments; the agent runs start from them. */
export const commentsResource: SimResource<'comments'> = {
  seed: () => ({ comments: [] }),
  routes: COMMENT_ROUTES,
  webRoutes: COMMENT_WEB_ROUTES,
};
