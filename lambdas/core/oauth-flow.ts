import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError, describeError } from './errors';
import { renderPage } from './html-page';
import { httpStatusOf } from './http-errors';
import type { HttpResponse } from './http-response';
import { type Installation, type InstallationStore, isFresh, type StoredToken, tokenFromGrant } from './installation';
import type { Logger } from './logger';
import { MetricName, type Metrics } from './metrics';
import type { AppInstallation, OAuthClient } from './oauth-client';
import type { Clock, OAuthStateStore, RateBudget } from './ports';

/** The cookie that binds an OAuth state to the browser that started the install. */
export const STATE_COOKIE = 'plane_app_oauth_state';
const STATE_TTL_MS = 10 * 60_000;

/**
 * Token requests the callbacks may make in a minute, across all Lambdas. Plane's token endpoint
 * allows 5 a minute (PLANE-FACTS.md), and anyone who can load /oauth/setup gets a state and can
 * call the callback with any installation id: the cap leaves the rest to the processors' renewals.
 */
const CALLBACK_GRANTS_PER_MINUTE = 2;
const CALLBACK_GRANTS = 'oauth-callback-grants';

export interface OAuthFlowOptions {
  readonly oauth: OAuthClient;
  readonly states: OAuthStateStore;
  readonly installations: InstallationStore;
  /** Caps the callbacks' token requests ({@link CALLBACK_GRANTS_PER_MINUTE}). */
  readonly grants: RateBudget;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly scope?: string;
  /** Where the browser goes after an install; `{slug}` becomes the workspace slug. Empty: show a page. */
  readonly successUrl?: string;
}

export interface CallbackRequest {
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly cookies: Readonly<Record<string, string>>;
  readonly redirectUri: string;
}

const stateCookie = (value: string, maxAge: number) =>
  `${STATE_COOKIE}=${value}; Path=/oauth; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;
const clearCookie = stateCookie('', 0);

const page = (status: number, title: string, lines: string[]): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  cookies: [clearCookie],
  body: renderPage(title, lines),
});

const restart = (reason: string) =>
  page(400, 'This install link has expired', [reason, 'Start the install again from Plane (Settings → Integrations).']);

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The page the OAuth functions answer when they cannot run the flow at all: a missing setting is
 * named; anything else asks to try again (the flow turns Plane's failures into pages of its own).
 */
export function errorPage(error: unknown): HttpResponse {
  const reason = error instanceof ConfigError ? error.message : 'The install could not start. Try again in a minute.';
  return {
    status: httpStatusOf(error),
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: renderPage('The app is not configured', [reason]),
  };
}

export type OAuthFlow = ReturnType<typeof createOAuthFlow>;

/** GET /oauth/setup and GET /oauth/callback: the install flow of PLANE-FACTS.md. */
export function createOAuthFlow(options: OAuthFlowOptions) {
  const { oauth, states, installations, grants, clock, log, metrics } = options;

  /** Takes one of the callbacks' token requests for this minute; false (and a log line) when none is left. */
  const mayGrant = async (): Promise<boolean> => {
    if (await grants.take(CALLBACK_GRANTS, CALLBACK_GRANTS_PER_MINUTE, 60_000, clock())) return true;
    log.warn('install deferred: the callbacks used their token requests for this minute', {
      limit: CALLBACK_GRANTS_PER_MINUTE,
    });
    return false;
  };

  async function setup(redirectUri: string): Promise<HttpResponse> {
    const id = randomBytes(32).toString('base64url');
    const now = clock();
    await states.create({ id, createdAt: now, expiresAt: now + STATE_TTL_MS });
    const location = oauth.authorizeUrl({ state: id, redirectUri, scope: options.scope });
    return {
      status: 302,
      headers: { location, 'cache-control': 'no-store' },
      cookies: [stateCookie(id, STATE_TTL_MS / 1000)],
      body: '',
    };
  }

  async function installBot(installationId: string): Promise<HttpResponse> {
    const known = await installations.findInstallation(installationId);
    if (known?.status === 'installed' && isFresh(known.botToken, clock())) {
      // Installed, with a token that works: the installation lookup confirms it without a token
      // request. If the lookup fails (Plane revoked the token), the install asks for a new one.
      const found = await oauth.getInstallations(known.botToken.accessToken, installationId).catch(() => undefined);
      if (found) return store(found, installationId, known.botToken);
    }
    if (!(await mayGrant())) return tooManyInstalls();
    const grant = await oauth.botToken(installationId);
    const token = tokenFromGrant(grant, clock());
    return store(await oauth.getInstallations(grant.access_token, installationId), installationId, token);
  }

  /** Checks Plane's installation and stores it with `botToken`; answers the browser. */
  async function store(found: AppInstallation[], installationId: string, botToken: StoredToken): Promise<HttpResponse> {
    const now = clock();
    const item: AppInstallation | undefined = found.find((entry) => entry.id === installationId) ?? found[0];
    if (!item) return failed('Plane did not return the installation', { installationId });
    if (item.status !== 'installed')
      return failed(`Plane says the installation is "${String(item.status)}", not installed`, { installationId });
    const slug = item.workspace_detail?.slug;
    if (!item.workspace || !slug || !item.app_bot)
      return failed('Plane returned an installation without its workspace or bot user', { installationId });
    const previous = await installations.getInstallation(item.workspace);
    const installation: Installation = {
      workspaceId: item.workspace,
      workspaceSlug: slug,
      workspaceName: item.workspace_detail?.name,
      installationId: item.id,
      botUserId: item.app_bot,
      status: 'installed',
      installedBy: item.installed_by,
      botToken,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    await installations.putInstallation(installation);
    metrics.count(MetricName.Installation);
    log.info('app installed', {
      workspaceId: item.workspace,
      workspaceSlug: slug,
      installationId: item.id,
      reinstall: previous !== undefined,
    });
    if (options.successUrl) {
      return {
        status: 302,
        headers: {
          location: options.successUrl.replaceAll('{slug}', encodeURIComponent(slug)),
          'cache-control': 'no-store',
        },
        cookies: [clearCookie],
        body: '',
      };
    }
    return page(200, 'The app is installed', [
      `It is now active in the workspace "${item.workspace_detail?.name ?? slug}".`,
      'You can close this window.',
    ]);
  }

  async function connectUser(code: string, redirectUri: string, workspaceId: string): Promise<HttpResponse> {
    if (!(await mayGrant())) return tooManyInstalls();
    const grant = await oauth.exchangeCode(code, redirectUri);
    const user = await oauth.getCurrentUser(grant.access_token);
    const now = clock();
    const previous = await installations.getUserGrant(workspaceId, user.id);
    await installations.putUserGrant({
      workspaceId,
      userId: user.id,
      token: tokenFromGrant(grant, now),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    log.info('user connected', { workspaceId, userId: user.id });
    return page(200, 'Your Plane account is connected', [
      'The app can now act on your behalf. You can close this window.',
    ]);
  }

  function tooManyInstalls(): HttpResponse {
    return page(429, 'Too many installs at once', [
      'Plane lets the app ask for only a few tokens a minute, and they are taken.',
      'Wait a minute, then start the install again from Plane (Settings → Integrations).',
    ]);
  }

  function failed(reason: string, fields: Record<string, unknown>): HttpResponse {
    log.error('install failed', { reason, ...fields });
    return page(502, 'The install did not finish', [
      `${reason}.`,
      "Nothing was saved. Try installing again in a minute; if it keeps failing, contact the app's owner.",
    ]);
  }

  async function callback(request: CallbackRequest): Promise<HttpResponse> {
    const { query, cookies } = request;
    if (query.error) {
      log.info('install declined', { error: query.error.slice(0, 100) });
      return page(200, 'Install cancelled', [
        'The app was not installed. You can close this window, or start again from Plane.',
      ]);
    }
    const state = query.state;
    const cookie = cookies[STATE_COOKIE];
    if (!state) return restart('The link has no state parameter.');
    if (!cookie || !sameText(state, cookie))
      return restart('This browser did not start this install (its cookie is missing or different).');
    if (!(await states.consume(state, clock())))
      return restart('The install link was already used or is more than 10 minutes old.');
    try {
      if (query.app_installation_id) return await installBot(query.app_installation_id);
      if (query.code) return await connectUser(query.code, request.redirectUri, query.workspace_id ?? '*');
      return page(400, 'Nothing to install', [
        'Plane sent neither an installation id nor a code. Start the install again from Plane.',
      ]);
    } catch (error) {
      return failed('Plane did not complete the request', { error: describeError(error) });
    }
  }

  return { setup, callback };
}
