import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import type { InstallationStore } from '../../lambdas/core/installation';
import { STATE_COOKIE } from '../../lambdas/core/oauth-flow';
import { createOAuthHandler } from '../../lambdas/handlers/oauth';
import { type StandIn, startDynamo, startSecretsManager } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { type FakePlane, startFakePlane } from '../helpers/fake-plane';

const CLIENT_SECRET = 'client-secret-oauth-0123456789';
const CLIENT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:client';
const BOT_TOKEN = 'pln_bot_token_aaaaaaaaaaaaaaaa';
const USER_TOKEN = 'pln_user_token_bbbbbbbbbbbbbbbb';
const REFRESH_TOKEN = 'pln_refresh_EXAMPLEcccccccccccc';
const BASE = 'https://app.example.com';

let dynamo: StandIn;
let secrets: StandIn;
let plane: FakePlane;
let restore: () => void;
let store: InstallationStore;
let documents: ReturnType<typeof createDocumentClient>;
let logs: string[];
let spies: jest.SpyInstance[];
// Each test runs an hour after the one before, so the callbacks' per-minute token budget is its own.
let offset = 0;
const now = () => Date.now() + offset;

beforeAll(async () => {
  [dynamo, secrets, plane] = await Promise.all([
    startDynamo({ tableName: 'oauth' }),
    startSecretsManager(new Map([[CLIENT_ARN, CLIENT_SECRET]])),
    startFakePlane(),
  ]);
  restore = useLocalAws({ dynamodb: dynamo.endpoint, secretsManager: secrets.endpoint });
  documents = createDocumentClient();
  store = createDynamoInstallationStore(documents, 'oauth');
});
afterAll(async () => {
  documents.destroy();
  restore();
  await Promise.all([dynamo.close(), secrets.close(), plane.close()]);
});
beforeEach(() => {
  offset += 3_600_000;
  plane.reset();
  logs = [];
  const capture = (chunk: unknown) => {
    logs.push(String(chunk));
    return true;
  };
  spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void capture(args.join(' '))),
    jest.spyOn(console, 'info').mockImplementation((...args: unknown[]) => void capture(args.join(' '))),
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void capture(args.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void capture(args.join(' '))),
  ];
});
afterEach(() => {
  for (const spy of spies) spy.mockRestore();
  // Whatever happened in the test, no token or secret reached a log line.
  const all = logs.join('\n');
  for (const secret of [CLIENT_SECRET, BOT_TOKEN, USER_TOKEN, REFRESH_TOKEN]) expect(all).not.toContain(secret);
});

const env = (extra: Record<string, string> = {}) => ({
  TABLE_NAME: 'oauth',
  PLANE_API_URL: plane.url,
  PLANE_CLIENT_ID: 'client-id-1',
  CLIENT_SECRET_ARN: CLIENT_ARN,
  PUBLIC_BASE_URL: BASE,
  INSTALL_SUCCESS_URL: 'https://plane.example.com/{slug}/settings/integrations/',
  PLANE_TIMEOUT_MS: '1000',
  STAGE: 'test',
  ...extra,
});

async function startInstall(clock = now): Promise<{ state: string; cookie: string; location: URL }> {
  const setup = createOAuthHandler('setup', env(), { clock });
  const result = await setup(apiGatewayEvent({ method: 'GET', path: '/oauth/setup' }));
  expect(result.statusCode).toBe(302);
  const location = new URL(String(result.headers?.location));
  const cookie = (result.cookies ?? [])[0];
  return { state: location.searchParams.get('state') ?? '', cookie: cookie.split(';')[0], location };
}

function callback(query: Record<string, string>, cookie?: string, clock = now) {
  return createOAuthHandler('callback', env(), { clock })(
    apiGatewayEvent({
      method: 'GET',
      path: '/oauth/callback',
      query: new URLSearchParams(query).toString(),
      cookies: cookie ? [cookie] : undefined,
    }),
  );
}

function planeInstalls(status = 'installed') {
  plane.on('POST /auth/o/token/', (request) => {
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') === 'client_credentials')
      return { body: { access_token: BOT_TOKEN, token_type: 'Bearer', expires_in: 36000, scope: 'read write' } };
    return {
      body: { access_token: USER_TOKEN, refresh_token: REFRESH_TOKEN, token_type: 'Bearer', expires_in: 36000 },
    };
  });
  plane.on('GET /auth/o/app-installation/', {
    body: [
      {
        id: 'inst-9',
        workspace: 'ws-9',
        workspace_detail: { name: 'Nine', slug: 'nine', id: 'ws-9', logo_url: null },
        status,
        application: 'app-1',
        installed_by: 'user-9',
        app_bot: 'bot-9',
        webhook: 'wh-9',
        created_at: '2026-11-29T12:00:00Z',
        updated_at: '2026-11-29T12:00:00Z',
      },
    ],
  });
  plane.on('GET /api/v1/users/me/', { body: { id: 'user-9', email: 'nine@example.com', display_name: 'nine' } });
}

test(
  'setup redirects to the consent screen with a fresh state ' + 'bound to an HttpOnly, Secure, SameSite=Lax cookie',
  async () => {
    const setup = createOAuthHandler('setup', env({ PLANE_SCOPES: 'read write' }));
    const result = await setup(apiGatewayEvent({ method: 'GET', path: '/oauth/setup' }));
    const location = new URL(String(result.headers?.location));
    expect(`${location.origin}${location.pathname}`).toBe(`${plane.url}/auth/o/authorize-app/`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: 'client-id-1',
      response_type: 'code',
      redirect_uri: `${BASE}/oauth/callback`,
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      scope: 'read write',
    });
    expect(result.cookies?.[0]).toMatch(
      new RegExp(
        `^${STATE_COOKIE}=${location.searchParams.get('state')}; Path=/oauth; Max-Age=600; HttpOnly; ` +
          'Secure; SameSite=Lax$',
      ),
    );
  },
);

test(
  'bot flow: client_credentials with Basic auth, then the installation lookup, then the installation is ' +
    'stored and the browser goes to the success URL',
  async () => {
    planeInstalls();
    const { state, cookie } = await startInstall();
    const result = await callback({ app_installation_id: 'inst-9', code: 'unused-code', state }, cookie);
    expect(result.statusCode).toBe(302);
    expect(result.headers?.location).toBe('https://plane.example.com/nine/settings/integrations/');
    const [tokenRequest, lookup, ...others] = plane.requests;
    expect(others).toHaveLength(0);
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest.headers.authorization).toBe(
      `Basic ${Buffer.from(`client-id-1:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(tokenRequest.body).toBe('grant_type=client_credentials&app_installation_id=inst-9');
    expect(lookup.path).toBe('/auth/o/app-installation/');
    expect(lookup.query.get('id')).toBe('inst-9');
    expect(lookup.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(await store.getInstallation('ws-9')).toMatchObject({
      workspaceId: 'ws-9',
      workspaceSlug: 'nine',
      installationId: 'inst-9',
      botUserId: 'bot-9',
      status: 'installed',
      botToken: { accessToken: BOT_TOKEN },
    });
  },
);

test(
  'user flow: the code is exchanged at once with the client credentials in the form, the user is looked up ' +
    'and the tokens stored',
  async () => {
    planeInstalls();
    const { state, cookie } = await startInstall();
    const result = await callback({ code: 'code-123', state, workspace_id: 'ws-9' }, cookie);
    expect(result.statusCode).toBe(200);
    const [tokenRequest, me] = plane.requests;
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'code-123',
      redirect_uri: `${BASE}/oauth/callback`,
      client_id: 'client-id-1',
      client_secret: CLIENT_SECRET,
    });
    expect(tokenRequest.headers.authorization).toBeUndefined();
    expect(me.path).toBe('/api/v1/users/me/');
    expect(me.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(await store.getUserGrant('ws-9', 'user-9')).toMatchObject({
      token: { accessToken: USER_TOKEN, refreshToken: REFRESH_TOKEN },
    });
  },
);

const tokenRequests = () => plane.requests.filter((request) => request.path === '/auth/o/token/');

test('a callback for an installation already stored with a fresh token asks for no new token', async () => {
  planeInstalls();
  const first = await startInstall();
  expect((await callback({ app_installation_id: 'inst-9', state: first.state }, first.cookie)).statusCode).toBe(302);
  const stored = await store.getInstallation('ws-9');
  plane.reset();
  planeInstalls();
  const again = await startInstall();
  const result = await callback({ app_installation_id: 'inst-9', state: again.state }, again.cookie);
  expect(result.statusCode).toBe(302);
  expect([tokenRequests().length, plane.requests.map((request) => request.path)]).toEqual([
    0,
    ['/auth/o/app-installation/'],
  ]);
  expect((await store.getInstallation('ws-9'))?.botToken).toEqual(stored?.botToken);
});

test('a reinstall of an installation marked reinstall_needed asks for a new token and sets it installed', async () => {
  planeInstalls();
  const first = await startInstall();
  await callback({ app_installation_id: 'inst-9', state: first.state }, first.cookie);
  await store.recordRefusal('ws-9', 'token endpoint answered 400 invalid_grant', now(), 1);
  await store.recordRefusal('ws-9', 'token endpoint answered 400 invalid_grant', now() + 1, 1);
  expect((await store.getInstallation('ws-9'))?.status).toBe('reinstall_needed');
  plane.reset();
  planeInstalls();
  const again = await startInstall();
  expect((await callback({ app_installation_id: 'inst-9', state: again.state }, again.cookie)).statusCode).toBe(302);
  expect([tokenRequests().length, (await store.getInstallation('ws-9'))?.status]).toEqual([1, 'installed']);
});

test(
  'anyone can load /oauth/setup, but the callbacks spend at most 2 of the 5 token requests a minute: the ' +
    'rest wait for the next minute, and the token budget is left to renewals',
  async () => {
    planeInstalls();
    const statuses: number[] = [];
    for (const id of ['inst-x1', 'inst-x2', 'inst-x3', 'inst-x4']) {
      const { state, cookie } = await startInstall();
      statuses.push((await callback({ app_installation_id: id, state }, cookie)).statusCode ?? 0);
    }
    const spent = tokenRequests().length;
    const { state, cookie } = await startInstall(() => now() + 60_000);
    const nextMinute = await callback({ app_installation_id: 'inst-x5', state }, cookie, () => now() + 60_000);
    expect([statuses, spent, nextMinute.statusCode, tokenRequests().length]).toEqual([[302, 302, 429, 429], 2, 302, 3]);
  },
);

test('a denied install shows a friendly page and asks Plane for nothing', async () => {
  const { state, cookie } = await startInstall();
  const result = await callback({ error: 'access_denied', state }, cookie);
  expect(result.statusCode).toBe(200);
  expect(result.body).toContain('Install cancelled');
  expect(plane.requests).toHaveLength(0);
});

test('a replayed state is refused with a page that says to start again', async () => {
  planeInstalls();
  const { state, cookie } = await startInstall();
  expect((await callback({ app_installation_id: 'inst-9', state }, cookie)).statusCode).toBe(302);
  plane.reset();
  const replay = await callback({ app_installation_id: 'inst-9', state }, cookie);
  expect(replay.statusCode).toBe(400);
  expect(replay.body).toContain('Start the install again');
  expect(plane.requests).toHaveLength(0);
});

test('a callback without the state cookie is refused and nothing is stored', async () => {
  planeInstalls();
  const { state } = await startInstall();
  const result = await callback({ app_installation_id: 'inst-missing-cookie', state });
  expect(result.statusCode).toBe(400);
  expect(plane.requests).toHaveLength(0);
});

test('a state older than 10 minutes is refused', async () => {
  planeInstalls();
  const { state, cookie } = await startInstall(() => now() - 11 * 60_000);
  const result = await callback({ app_installation_id: 'inst-9', state }, cookie);
  expect(result.statusCode).toBe(400);
  expect(plane.requests).toHaveLength(0);
});

test.each([
  ['the token endpoint fails', () => plane.on('POST /auth/o/token/', { status: 500, body: { error: 'server_error' } })],
  [
    'the token endpoint times out',
    () => plane.on('POST /auth/o/token/', { delayMs: 3000, body: { access_token: BOT_TOKEN } }),
  ],
  [
    'the installation list is empty',
    () => {
      plane.on('POST /auth/o/token/', { body: { access_token: BOT_TOKEN, expires_in: 36000 } });
      plane.on('GET /auth/o/app-installation/', { body: [] });
    },
  ],
  [
    'the installation is not installed',
    () => {
      planeInstalls('pending');
    },
  ],
])('when %s the user sees an error page and nothing is half-stored', async (_name, arrange) => {
  arrange();
  const workspaceBefore = await store.getInstallation('ws-broken');
  const { state, cookie } = await startInstall();
  const result = await callback({ app_installation_id: 'inst-broken', state }, cookie);
  expect(result.statusCode).toBe(502);
  expect(result.body).toContain('Nothing was saved');
  expect(workspaceBefore).toBeUndefined();
  expect((await store.listInstallations()).map((entry) => entry.installationId)).not.toContain('inst-broken');
  expect(logs.join('')).toContain('install failed');
});

test('without a client id (a plain secret, no planeClientId), setup says what is missing and what to run', async () => {
  const { PLANE_CLIENT_ID: _unset, ...rest } = env();
  const result = await createOAuthHandler('setup', rest)(apiGatewayEvent({ method: 'GET', path: '/oauth/setup' }));
  expect(result.statusCode).toBe(500);
  expect(result.body).toContain('The client id is not set: run `npm run configure -- --stage test`');
  expect(plane.requests).toHaveLength(0);
});
