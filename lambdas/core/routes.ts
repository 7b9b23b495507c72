/** Routes of the HTTP API: the stack (lib/) creates them, the OAuth functions build the Redirect URI from them. */
export const Routes = {
  Webhook: '/webhook',
  OAuthSetup: '/oauth/setup',
  OAuthCallback: '/oauth/callback',
} as const;
