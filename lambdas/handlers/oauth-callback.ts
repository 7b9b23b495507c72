import { createOAuthHandler } from './oauth';

/** GET /oauth/callback: checks the state, takes the bot (or user) token, stores the installation. */
export const handler = createOAuthHandler('callback', process.env);
