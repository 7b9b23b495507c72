import { createOAuthHandler } from './oauth';

/** GET /oauth/setup: creates a single-use state and redirects to Plane's consent screen. */
export const handler = createOAuthHandler('setup', process.env);
