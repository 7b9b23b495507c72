import type { SimResource } from '../resource';
import { AGENT_RUN_ROUTES, AGENT_RUN_WEB_ROUTES } from './routes';

/** Agent runs (started by mentions of an app's bot) and their activities. */
export const agentRunsResource: SimResource<'agentRuns' | 'agentActivities'> = {
  seed: () => ({ agentRuns: [], agentActivities: [] }),
  routes: AGENT_RUN_ROUTES,
  webRoutes: AGENT_RUN_WEB_ROUTES,
};
