import {
  createPlaneSimulator,
  type PlaneSimulator,
  type PlaneSimulatorOptions,
} from '../../lambdas/local/plane-simulator';

export const SIM_CLIENT_ID = 'client-abc';
export const SIM_CLIENT_SECRET = 'secret-xyz';
export const SIM_WEBHOOK_SECRET = 'whsec-é-123';
const SIM_API_KEY = 'plane_api_test_key';
export const SIM_REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';

/** A simulator on a free loopback port with test credentials; `overrides` win. */
export async function startSimulator(overrides: Partial<PlaneSimulatorOptions> = {}): Promise<PlaneSimulator> {
  const sim = createPlaneSimulator({
    port: 0,
    clientId: SIM_CLIENT_ID,
    clientSecret: SIM_CLIENT_SECRET,
    webhookSecret: SIM_WEBHOOK_SECRET,
    apiKey: SIM_API_KEY,
    redirectUris: [SIM_REDIRECT_URI],
    appName: 'Helper',
    webhookRetryDelaysMs: [20, 20],
    ...overrides,
  });
  await sim.start();
  return sim;
}

/** Posts a form body. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

export function basicAuth(clientId = SIM_CLIENT_ID, clientSecret = SIM_CLIENT_SECRET): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` };
}

/**
 * Opens the consent screen as a browser would and returns what its form must send back: the
 * CSRF cookie the simulator set and the token of its hidden field.
 */
export async function consentSession(
  sim: PlaneSimulator,
  state = 'state-1',
): Promise<{ cookie: string; token: string }> {
  const query = new URLSearchParams({
    client_id: SIM_CLIENT_ID,
    response_type: 'code',
    redirect_uri: SIM_REDIRECT_URI,
    state,
  });
  const page = await fetch(`${sim.url}/auth/o/authorize-app/?${query}`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, token };
}

/** Approves the consent form (with its CSRF cookie and token) and returns the redirect's query parameters. */
export async function approveInstall(sim: PlaneSimulator, state = 'state-1'): Promise<URLSearchParams> {
  const { cookie, token } = await consentSession(sim, state);
  const res = await postForm(
    `${sim.url}/auth/o/authorize-app/`,
    {
      client_id: SIM_CLIENT_ID,
      redirect_uri: SIM_REDIRECT_URI,
      response_type: 'code',
      state,
      scope: 'read write',
      decision: 'approve',
      csrfmiddlewaretoken: token,
    },
    { cookie },
  );
  if (res.status !== 302) throw new Error(`consent answered ${res.status}`);
  return new URL(res.headers.get('location') ?? '').searchParams;
}

/** Installs the app and returns the installation id and a bot token. */
export async function installWithBotToken(sim: PlaneSimulator): Promise<{ installationId: string; botToken: string }> {
  const query = await approveInstall(sim);
  const installationId = query.get('app_installation_id') ?? '';
  const res = await postForm(
    `${sim.url}/auth/o/token/`,
    { grant_type: 'client_credentials', app_installation_id: installationId },
    basicAuth(),
  );
  const body = (await res.json()) as { access_token: string };
  return { installationId, botToken: body.access_token };
}

/** Calls the REST API with JSON and a credential header. */
export async function api(
  sim: PlaneSimulator,
  path: string,
  auth: Record<string, string>,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { ...auth, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const apiKeyAuth = { 'X-API-Key': SIM_API_KEY };
export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
