import { ConfigError } from './errors';
import { PlaneApiError, PlaneNetworkError, readJson, TOKEN_PATH, TokenGrantError } from './plane-errors';
import { registerSecret } from './redact';
import { realTimeoutSignal, type TimeoutSignal } from './retry-policy';

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

export interface OAuthClientOptions {
  readonly baseUrl: string;
  /**
   * Unset until the app is registered in Plane: checked when first needed. A function when the
   * client id is read with the secret (it is then called after `clientSecret`).
   */
  readonly clientId?: string | (() => string);
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
  /** Aborts a request after `timeoutMs`. Default AbortSignal.timeout. */
  readonly timeoutSignal?: TimeoutSignal;
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
  const timeoutSignal = options.timeoutSignal ?? realTimeoutSignal;

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
        signal: timeoutSignal(timeoutMs),
      });
    } catch (cause) {
      throw new PlaneNetworkError(method, path.split('?')[0] ?? path, cause);
    }
  };

  // The credentials of the last grant Plane answered with a token. An `invalid_client` for those
  // same credentials means Plane stopped accepting them (the app or its installation is gone); for
  // credentials that never worked, it is an operator's mistake (a wrong or mistyped secret).
  let workingCredentials: string | undefined;

  const token = async (
    grant: string,
    form: Record<string, string>,
    basic: boolean,
    retried = false,
  ): Promise<TokenResponse> => {
    const secret = await options.clientSecret();
    const id = clientId();
    registerSecret(secret);
    const credentials = `${id}:${secret}`;
    const headers: Record<string, string> = { 'Content-Type': FORM, Accept: 'application/json' };
    if (basic) headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    else Object.assign(form, { client_id: id, client_secret: secret });
    const response = await call('POST', TOKEN_PATH, { headers, body: new URLSearchParams(form).toString() });
    const body = await readJson(response);
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const error = new TokenGrantError(grant, response.status, body, {
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        credentialsWorkedBefore: credentials === workingCredentials,
      });
      // Plane refused the credentials: re-read them once (just configured or regenerated), and retry.
      const invalidClient = error.code === 'invalid_client' || error.planeErrorCode === 'invalid_client';
      if (invalidClient && !retried && (await options.onInvalidClient?.())) return token(grant, form, basic, true);
      throw error;
    }
    const parsed = body as Partial<TokenResponse> | undefined;
    // A 2xx without a token is Plane misbehaving, like a bad gateway: failed, not refused.
    if (!parsed || typeof parsed.access_token !== 'string')
      throw new TokenGrantError(grant, 502, { error: 'no access_token in the response' });
    registerSecret(parsed.access_token);
    registerSecret(parsed.refresh_token);
    workingCredentials = credentials;
    return parsed as TokenResponse;
  };

  /** GETs JSON with a bearer token; a non-2xx answer, or a body `valid` refuses, is a PlaneApiError. */
  const getJson = async <T>(
    path: string,
    accessToken: string,
    valid: (body: unknown) => body is T,
    invalidMessage: string,
  ): Promise<T> => {
    const response = await call('GET', path, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    });
    const body = await readJson(response);
    const answer = { planeStatus: response.status, method: 'GET', path: path.split('?')[0] ?? path, body };
    if (!response.ok) throw new PlaneApiError(answer);
    if (!valid(body)) throw new PlaneApiError(answer, { message: invalidMessage });
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
    getInstallations(accessToken, appInstallationId) {
      return getJson(
        `/auth/o/app-installation/?id=${encodeURIComponent(appInstallationId)}`,
        accessToken,
        (body): body is AppInstallation[] => Array.isArray(body),
        'Plane answered the installation lookup with something other than a list',
      );
    },
    getCurrentUser(accessToken) {
      return getJson(
        '/api/v1/users/me/',
        accessToken,
        (body): body is { id: string } =>
          typeof body === 'object' && body !== null && typeof (body as { id?: unknown }).id === 'string',
        'Plane did not say who the user is',
      );
    },
  };
}
