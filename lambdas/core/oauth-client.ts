import { ConfigError, KitError } from './errors';
import { PlaneNetworkError, planeDetail, readJson } from './plane-errors';
import { registerSecret } from './redact';

/** Plane's token response. `refresh_token` only for user tokens. */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

/** One item of `GET /auth/o/app-installation/`. */
export interface AppInstallation {
  id: string;
  workspace: string;
  workspace_detail?: { name?: string; slug?: string; id?: string; logo_url?: string | null };
  status?: string;
  application?: string;
  installed_by?: string;
  app_bot?: string;
  webhook?: string | null;
  created_at?: string;
  updated_at?: string;
}

/** Plane refused or failed a token request. `refused` is true for answers that mean the installation is gone. */
export class TokenGrantError extends KitError {
  readonly httpStatus: number;
  readonly planeError?: string;
  readonly refused: boolean;
  /** Plane's Retry-After on a 429, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(grant: string, status: number, body: unknown, retryAfterMs?: number) {
    const detail = planeDetail(body);
    const hint = status === 401 ? '; check the client id and the ClientSecret secret' : '';
    super(`Plane refused the ${grant} token request (${status}${detail.message ? `: ${detail.message}` : ''})${hint}`, {
      code: status === 429 ? 'token_rate_limited' : status === 401 ? 'invalid_client' : 'token_grant_failed',
      status: status === 429 || status >= 500 ? 503 : 502,
    });
    this.httpStatus = status;
    this.planeError = detail.code ?? detail.message;
    // 401 is the app's own credentials, 429 the rate limit, 502-504 an outage: none of them
    // says the installation is gone. Plane answers a missing installation with 400 or 500.
    this.refused = status !== 429 && status !== 401 && status <= 500;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface OAuthClientOptions {
  readonly baseUrl: string;
  /** A function when the client id is read with the secret (it is then called after `clientSecret`). */
  readonly clientId: string | (() => string);
  /** Read when needed, so the secret can come from Secrets Manager and be rotated. */
  readonly clientSecret: () => Promise<string>;
  /**
   * Called when Plane answers invalid_client: re-reads the credentials and resolves true when they
   * changed (they were just configured or regenerated), and the request is then sent once more.
   */
  readonly onInvalidClient?: () => Promise<boolean>;
  readonly redirectUri?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export interface OAuthClient {
  authorizeUrl(params: { state: string; redirectUri: string; scope?: string }): string;
  botToken(appInstallationId: string): Promise<TokenResponse>;
  exchangeCode(code: string, redirectUri: string): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
  getInstallations(accessToken: string, appInstallationId: string): Promise<AppInstallation[]>;
  getCurrentUser(accessToken: string): Promise<{ id: string; email?: string; display_name?: string }>;
}

const FORM = 'application/x-www-form-urlencoded';

/** Plane's OAuth endpoints, spoken exactly as PLANE-FACTS.md says: form bodies, Basic auth for bot tokens. */
export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 8000;

  // Checked when first needed, so a function that never talks OAuth still runs without it.
  const clientId = (): string => {
    const id = typeof options.clientId === 'function' ? options.clientId() : options.clientId;
    if (!id)
      throw new ConfigError([
        'the client id is not set: run `npm run configure` (it stores it with the client secret), or set ' +
          'planeClientId for the stage',
      ]);
    return id;
  };

  const call = async (method: string, path: string, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(`${base}${path}`, {
        ...init,
        method,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new PlaneNetworkError(method, path.split('?')[0] ?? path, cause);
    }
  };

  const token = async (
    grant: string,
    form: Record<string, string>,
    basic: boolean,
    retried = false,
  ): Promise<TokenResponse> => {
    const secret = await options.clientSecret();
    const id = clientId();
    registerSecret(secret);
    const headers: Record<string, string> = { 'Content-Type': FORM, Accept: 'application/json' };
    if (basic) headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    else Object.assign(form, { client_id: id, client_secret: secret });
    const response = await call('POST', '/auth/o/token/', { headers, body: new URLSearchParams(form).toString() });
    const body = await readJson(response);
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const error = new TokenGrantError(
        grant,
        response.status,
        body,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
      const invalidClient = error.code === 'invalid_client' || error.planeError === 'invalid_client';
      if (invalidClient && !retried && (await options.onInvalidClient?.())) return token(grant, form, basic, true);
      throw error;
    }
    const parsed = body as Partial<TokenResponse> | undefined;
    if (!parsed || typeof parsed.access_token !== 'string')
      throw new TokenGrantError(grant, 502, { error: 'no access_token in the response' });
    registerSecret(parsed.access_token);
    registerSecret(parsed.refresh_token);
    return parsed as TokenResponse;
  };

  const getJson = async (path: string, accessToken: string): Promise<unknown> => {
    const response = await call('GET', path, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    });
    const body = await readJson(response);
    if (!response.ok) {
      const detail = planeDetail(body);
      throw new KitError(
        `Plane answered ${response.status} to GET ${path.split('?')[0]}${detail.message ? `: ${detail.message}` : ''}`,
        {
          code: 'plane_api_error',
          status: 502,
        },
      );
    }
    return body;
  };

  return {
    authorizeUrl({ state, redirectUri, scope }) {
      const params = new URLSearchParams({
        client_id: clientId(),
        response_type: 'code',
        redirect_uri: redirectUri,
        state,
      });
      if (scope) params.set('scope', scope);
      return `${base}/auth/o/authorize-app/?${params.toString()}`;
    },
    botToken(appInstallationId) {
      return token(
        'client_credentials',
        { grant_type: 'client_credentials', app_installation_id: appInstallationId },
        true,
      );
    },
    exchangeCode(code, redirectUri) {
      return token('authorization_code', { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, false);
    },
    refresh(refreshToken) {
      return token('refresh_token', { grant_type: 'refresh_token', refresh_token: refreshToken }, false);
    },
    async getInstallations(accessToken, appInstallationId) {
      const body = await getJson(`/auth/o/app-installation/?id=${encodeURIComponent(appInstallationId)}`, accessToken);
      if (!Array.isArray(body))
        throw new KitError('Plane answered the installation lookup with something other than a list', {
          code: 'plane_api_error',
          status: 502,
        });
      return body as AppInstallation[];
    },
    async getCurrentUser(accessToken) {
      const body = (await getJson('/api/v1/users/me/', accessToken)) as { id?: unknown } | undefined;
      if (!body || typeof body.id !== 'string')
        throw new KitError('Plane did not say who the user is', { code: 'plane_api_error', status: 502 });
      return body as { id: string };
    },
  };
}
