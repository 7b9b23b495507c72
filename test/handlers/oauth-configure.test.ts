import { createOAuthHandler } from '../../lambdas/handlers/oauth';
import { type StandIn, startDynamo, startSecretsManager } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { type FakePlane, startFakePlane } from '../helpers/fake-plane';

/**
 * One deploy: the client id travels in the client secret (`npm run configure`), and the OAuth
 * functions pick up new values without a deploy: at once while the client id is missing, and
 * when Plane answers invalid_client.
 */
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:client-configure';
const BOT_TOKEN = 'pln_bot_token_configure_aaaaaaaa';
const BASE = 'https://app.example.com';
const stored = new Map<string, string>();
const json = (clientId: string, clientSecret: string) =>
  JSON.stringify({ client_id: clientId, client_secret: clientSecret });

let dynamo: StandIn;
let secrets: StandIn;
let plane: FakePlane;
let restore: () => void;
let now = Date.parse('2026-12-01T09:00:00Z');
const clock = () => now;

beforeAll(async () => {
  [dynamo, secrets, plane] = await Promise.all([
    startDynamo({ tableName: 'oauth-configure' }),
    startSecretsManager(stored),
    startFakePlane(),
  ]);
  restore = useLocalAws({ dynamodb: dynamo.endpoint, secretsManager: secrets.endpoint });
});
afterAll(async () => {
  restore();
  await Promise.all([dynamo.close(), secrets.close(), plane.close()]);
});
let errors: jest.SpyInstance;
beforeEach(() => {
  plane.reset();
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

/** The setup and callback functions as deployed with no planeClientId: the client id comes from the secret. */
function functions() {
  const env = {
    TABLE_NAME: 'oauth-configure',
    PLANE_API_URL: plane.url,
    CLIENT_SECRET_ARN: ARN,
    PUBLIC_BASE_URL: BASE,
    STAGE: 'dev',
    PLANE_TIMEOUT_MS: '1000',
  };
  const setup = createOAuthHandler('setup', env, { clock });
  const callback = createOAuthHandler('callback', env, { clock });
  return {
    setup: () => setup(apiGatewayEvent({ method: 'GET', path: '/oauth/setup' })),
    async install() {
      const started = await this.setup();
      const state = new URL(String(started.headers?.location)).searchParams.get('state') ?? '';
      return callback(
        apiGatewayEvent({
          method: 'GET',
          path: '/oauth/callback',
          query: new URLSearchParams({ app_installation_id: 'inst-c', state }).toString(),
          cookies: [(started.cookies ?? [])[0].split(';')[0]],
        }),
      );
    },
  };
}

/** Plane accepts only `secret` for the client `clientId` (Basic auth), else 401 invalid_client. */
function planeAccepts(clientId: string, secret: string) {
  plane.on('POST /auth/o/token/', (request) =>
    request.headers.authorization === `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`
      ? { body: { access_token: BOT_TOKEN, token_type: 'Bearer', expires_in: 36000 } }
      : { status: 401, body: { error: 'invalid_client' } },
  );
  plane.on('GET /auth/o/app-installation/', {
    body: [
      {
        id: 'inst-c',
        workspace: 'ws-c',
        workspace_detail: { name: 'Configured', slug: 'configured', id: 'ws-c' },
        status: 'installed',
        app_bot: 'bot-c',
      },
    ],
  });
}

test('the client id stored in the secret is sent to Plane: no planeClientId, no second deploy', async () => {
  stored.set(ARN, json('EXAMPLE-id-from-secret', 'EXAMPLE-secret-1'));
  const result = await functions().setup();
  expect(result.statusCode).toBe(302);
  expect(new URL(String(result.headers?.location)).searchParams.get('client_id')).toBe('EXAMPLE-id-from-secret');
});

test('not configured: the setup page says what is missing; configure takes effect on the next request', async () => {
  stored.set(ARN, 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2'); // the stack's placeholder
  const fns = functions();
  const before = await fns.setup();
  expect(before.statusCode).toBe(500);
  expect(before.body).toContain('<title>The app is not configured yet</title>');
  expect(before.body).toContain(
    'The client id is not set: run `npm run configure -- --stage dev` and paste the values Plane shows',
  );
  stored.set(ARN, json('EXAMPLE-id-configured', 'EXAMPLE-secret-2')); // npm run configure
  now += 6_000; // the same warm function, seconds later (well within the 5-minute cache)
  const after = await fns.setup();
  expect(after.statusCode).toBe(302);
  expect(new URL(String(after.headers?.location)).searchParams.get('client_id')).toBe('EXAMPLE-id-configured');
});

test('Plane answers invalid_client (the secret was regenerated): the secret is read again at once', async () => {
  stored.set(ARN, json('EXAMPLE-id-3', 'EXAMPLE-secret-old'));
  planeAccepts('EXAMPLE-id-3', 'EXAMPLE-secret-new');
  const fns = functions();
  const refused = await fns.install();
  expect(refused.statusCode).toBe(502);
  expect(refused.body).toContain('Nothing was saved');
  stored.set(ARN, json('EXAMPLE-id-3', 'EXAMPLE-secret-new')); // npm run set-secret -- client
  now += 6_000;
  // Only the invalid_client answer can have made the function read the secret again: its cache lasts 5 minutes.
  const installed = await fns.install();
  expect(installed.statusCode).toBe(302);
  expect(installed.headers?.location).toBe('https://app.plane.so/configured/');
  // Refused, then refused and sent again with the values read anew, which Plane accepted.
  expect(plane.requests.filter((request) => request.path === '/auth/o/token/')).toHaveLength(3);
});

test('a malformed secret: the page names the secret and the fix, never the value', async () => {
  stored.set(ARN, '{"client_id": "EXAMPLE-id-4", "client_secret": "EXAMPLE-half-pasted');
  const result = await functions().setup();
  expect(result.statusCode).toBe(500);
  expect(result.body).toContain(`the secret ${ARN} starts with &#34;{&#34; but is not valid JSON`);
  expect(result.body).not.toContain('EXAMPLE-half-pasted');
  expect(JSON.stringify(errors.mock.calls)).not.toContain('EXAMPLE-half-pasted');
});
