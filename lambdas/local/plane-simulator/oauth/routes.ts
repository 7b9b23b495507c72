import type { SimCall } from '../context';
import type { Route } from '../http/router';
import { getInstallations } from './app-installation';
import { showConsent, submitConsent } from './authorize';
import { revokeEndpoint, tokenEndpoint } from './token-endpoint';

/** Plane's OAuth app endpoints (`{PLANE_API_URL}/auth/o/...`). */
export const OAUTH_ROUTES: readonly Route<SimCall>[] = [
  { method: 'GET', pattern: '/auth/o/authorize-app/', run: showConsent },
  { method: 'POST', pattern: '/auth/o/authorize-app/', run: submitConsent },
  { method: 'POST', pattern: '/auth/o/token/', run: tokenEndpoint },
  { method: 'GET', pattern: '/auth/o/app-installation/', run: getInstallations },
  { method: 'POST', pattern: '/auth/o/revoke-token/', run: revokeEndpoint },
];
