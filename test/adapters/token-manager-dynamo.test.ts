import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { REFUSAL_CONFIRM_MS } from '../../lambdas/core/grant-refusals';
import type { InstallationStore } from '../../lambdas/core/installation';
import { createOAuthClient } from '../../lambdas/core/oauth-client';
import { createTokenManager } from '../../lambdas/core/token-manager';
import { type StandIn, startDynamo } from '../../lambdas/local/stand-ins';
import { useLocalAws } from '../helpers/aws-env';
import { type FakePlane, startFakePlane } from '../helpers/fake-plane';
import { installation } from '../helpers/pipeline';

let dynamo: StandIn;
let plane: FakePlane;
let restore: () => void;
let store: InstallationStore;
let documents: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  dynamo = await startDynamo({ tableName: 'tokens' });
  plane = await startFakePlane();
  restore = useLocalAws({ dynamodb: dynamo.endpoint });
  documents = createDocumentClient();
  store = createDynamoInstallationStore(documents, 'tokens');
});
afterAll(async () => {
  documents.destroy();
  restore();
  await Promise.all([dynamo.close(), plane.close()]);
});
beforeEach(() => plane.reset());

const oauth = () =>
  createOAuthClient({ baseUrl: plane.url, clientId: 'cid', clientSecret: async () => 'csecret-0123456789' });

test(
  '20 concurrent Lambdas with an expired bot token cause exactly one token request, ' + 'and all get the new token',
  async () => {
    const expired = Date.now() - 1000;
    await store.putInstallation(
      installation({
        workspaceId: 'ws-20',
        botToken: { accessToken: 'old-token', expiresAt: expired, renewAt: expired },
      }),
    );
    let issued = 0;
    plane.on('POST /auth/o/token/', () => {
      issued += 1;
      return {
        body: { access_token: `new-token-${issued}`, token_type: 'Bearer', expires_in: 36000, scope: 'read write' },
        delayMs: 200,
      };
    });
    // One token manager per simulated Lambda: they share nothing but the table.
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => createTokenManager({ store, oauth: oauth(), pollMs: 25 }).getBotToken('ws-20')),
    );
    expect(plane.requests.filter((request) => request.path === '/auth/o/token/')).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(['new-token-1']));
    expect(await store.getToken({ kind: 'bot', workspaceId: 'ws-20' })).toMatchObject({ accessToken: 'new-token-1' });
  },
);

test('the token request is form-encoded with Basic auth and the installation id', async () => {
  const expired = Date.now() - 1000;
  await store.putInstallation(
    installation({
      workspaceId: 'ws-form',
      installationId: 'inst-form',
      botToken: { accessToken: 'old', expiresAt: expired, renewAt: expired },
    }),
  );
  plane.on('POST /auth/o/token/', { body: { access_token: 'fresh', expires_in: 600 } });
  await createTokenManager({ store, oauth: oauth() }).getBotToken('ws-form');
  const [request] = plane.requests;
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(request.headers.authorization).toBe(`Basic ${Buffer.from('cid:csecret-0123456789').toString('base64')}`);
  expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
    grant_type: 'client_credentials',
    app_installation_id: 'inst-form',
  });
});

test('a refused grant is recorded, and a second one ten minutes later marks the installation', async () => {
  const expired = Date.now() - 1000;
  await store.putInstallation(
    installation({ workspaceId: 'ws-gone', botToken: { accessToken: 'old', expiresAt: expired, renewAt: expired } }),
  );
  plane.on('POST /auth/o/token/', { status: 400, body: { error: 'invalid_grant' } });
  let now = Date.now();
  const tokens = createTokenManager({ store, oauth: oauth(), clock: () => now });
  await expect(tokens.getBotToken('ws-gone')).rejects.toMatchObject({ code: 'token_grant_failed' });
  const first = await store.getInstallation('ws-gone');
  now += REFUSAL_CONFIRM_MS;
  await expect(tokens.getBotToken('ws-gone')).rejects.toMatchObject({ code: 'reinstall_needed' });
  expect([first?.status, first?.refusal, (await store.getInstallation('ws-gone'))?.status]).toEqual([
    'installed',
    'token endpoint answered 400 invalid_grant',
    'reinstall_needed',
  ]);
});
