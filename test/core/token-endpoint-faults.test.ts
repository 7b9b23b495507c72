import { REFUSAL_CONFIRM_MS } from '../../lambdas/core/grant-refusals';
import type { InstallationStore, StoredToken } from '../../lambdas/core/installation';
import { createInstallationCache } from '../../lambdas/core/installation-cache';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { createMemoryDedupStore } from '../../lambdas/core/memory-stores';
import { createOAuthClient } from '../../lambdas/core/oauth-client';
import { createPlaneClient } from '../../lambdas/core/plane-client';
import { createProcessor } from '../../lambdas/core/process-event';
import type { QueuedEvent } from '../../lambdas/core/queued-event';
import { createApp } from '../../lambdas/core/router';
import { createTokenManager } from '../../lambdas/core/token-manager';
import {
  captureLogger,
  captureMetrics,
  type FakeClock,
  FIXTURE_WORKSPACE_ID,
  fakeClock,
  fakeSleep,
  fixtureText,
  jsonResponse,
  makeInstallation,
  recordingFetch,
} from './helpers';

const CONFIRM_MS = REFUSAL_CONFIRM_MS;
const PLANE = 'https://plane.test';
const WS = FIXTURE_WORKSPACE_ID;
const message: QueuedEvent = { body: fixtureText('issue-created.json.txt'), attributes: { event: 'issue' } };
/** Stays valid for the test's whole span but is due for renewal: every event asks for a new token. */
const dueToken = (now: number): StoredToken => ({
  accessToken: 'old-bot-token',
  expiresAt: now + 3_600_000,
  renewAt: now,
});

type TokenAnswer = () => Response | Error;

const timeout = (): Error =>
  Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

/**
 * The processor with the real token manager, OAuth client and Plane client; only fetch is fake:
 * the token endpoint answers `tokenAnswer`, the installation lookup `lookupAnswer`, and the REST
 * API accepts the handler's comment.
 */
async function harness(tokenAnswer: TokenAnswer, lookupAnswer: () => Response = () => jsonResponse(401, {})) {
  const clock: FakeClock = fakeClock();
  const store: InstallationStore = createMemoryInstallationStore();
  await store.putInstallation(makeInstallation({ botToken: dueToken(clock.now()) }));
  const { fetch, requests } = recordingFetch((request) => {
    if (request.url.endsWith('/auth/o/token/')) {
      const answer = tokenAnswer();
      if (answer instanceof Error) throw answer;
      return answer;
    }
    if (request.url.includes('/auth/o/app-installation/')) return lookupAnswer();
    return jsonResponse(201, { id: 'comment-1' });
  });
  const { sleep } = fakeSleep(clock);
  const oauth = createOAuthClient({
    baseUrl: PLANE,
    clientId: 'cid',
    clientSecret: async () => 'csecret-0123456789',
    fetch,
  });
  const tokens = createTokenManager({ store, oauth, clock: clock.now, sleep, pollMs: 10 });
  const { metrics, counts } = captureMetrics();
  const handled: string[] = [];
  const process = createProcessor({
    app: createApp((app) =>
      app.on('issue.created', async (event, ctx) => {
        await ctx.plane.comments.create('project-1', String(event.data.id), { comment_html: '<p>seen</p>' });
        handled.push(String(event.data.id));
      }),
    ),
    installations: createInstallationCache(store, { clock: clock.now }),
    dedup: createMemoryDedupStore(),
    planeFor: (installation, deadline) =>
      createPlaneClient({
        baseUrl: PLANE,
        workspaceSlug: installation.workspaceSlug,
        token: (rejected) => tokens.getBotToken(installation.workspaceId, { rejected, deadline: deadline() }),
        fetch,
        clock: clock.now,
        sleep,
        deadline,
      }),
    clock: clock.now,
    log: captureLogger().log,
    metrics,
  });
  const deadline = () => clock.now() + 50_000;
  /** One receive of the event: 'processed', or the code of the error that failed the record. */
  const receive = () =>
    process(message, deadline).then(
      (outcome) => String(outcome),
      (error: unknown) => `failed: ${(error as { code?: string }).code ?? String(error)}`,
    );
  const status = async () => (await store.getInstallation(WS))?.status;
  const tokenRequests = () => requests.filter((request) => request.url.endsWith('/auth/o/token/')).length;
  const parked = () => counts.filter((count) => count.name === 'EventParked').map((count) => count.dimensions);
  return { clock, store, receive, status, tokenRequests, parked, handled };
}

describe('a token endpoint that fails without refusing never changes the installation', () => {
  it.each<[string, TokenAnswer]>([
    ['500 (what a grant for a missing installation most likely gets, and an outage too)', () => jsonResponse(500, {})],
    ['500 with an HTML page', () => new Response('<h1>Server Error (500)</h1>', { status: 500 })],
    ['502', () => new Response('<html>Bad gateway</html>', { status: 502 })],
    ['503', () => jsonResponse(503, {})],
    ['504', () => jsonResponse(504, {})],
    ['a timeout', timeout],
    ['a connection reset', () => new TypeError('fetch failed')],
    ['403 from an edge or a WAF', () => new Response('<html>Request blocked</html>', { status: 403 })],
    ['404', () => jsonResponse(404, { detail: 'Not found.' })],
    ['408', () => jsonResponse(408, {})],
    ['429', () => jsonResponse(429, { detail: 'Too many requests, please try again later.' })],
    ['400 without an OAuth error', () => jsonResponse(400, { error: 'Invalid installation' })],
  ])(
    '%s: the record fails and is retried, three times over an hour, and the status stays installed',
    async (_name, answer) => {
      const h = await harness(answer);
      const outcomes: string[] = [];
      for (let receive = 0; receive < 3; receive += 1) {
        outcomes.push(await h.receive());
        h.clock.advance(30 * 60_000);
      }
      expect(outcomes.map((outcome) => outcome.split(':')[0])).toEqual(['failed', 'failed', 'failed']);
      expect([await h.status(), h.parked(), h.handled]).toEqual(['installed', [], []]);
    },
  );
});

describe('an explicit refusal (invalid_grant) needs a second one, minutes later', () => {
  const invalidGrant = () => jsonResponse(400, { error: 'invalid_grant' });

  it('once: the record fails, the status stays installed', async () => {
    const h = await harness(invalidGrant);
    expect([await h.receive(), await h.status(), h.parked()]).toEqual(['failed: token_grant_failed', 'installed', []]);
  });

  it('twice within the confirmation window: still not confirmed', async () => {
    const h = await harness(invalidGrant);
    await h.receive();
    h.clock.advance(CONFIRM_MS - 60_000);
    expect([await h.receive(), await h.status()]).toEqual(['failed: token_grant_failed', 'installed']);
  });

  it('twice, the second after the window: reinstall needed, and the event is parked (failed, counted)', async () => {
    const h = await harness(invalidGrant);
    await h.receive();
    h.clock.advance(CONFIRM_MS + 1);
    expect([await h.receive(), await h.status(), h.parked()]).toEqual([
      'failed: reinstall_needed',
      'reinstall_needed',
      [{ Reason: 'reinstall_needed' }],
    ]);
  });

  it('once confirmed, later events are parked without asking Plane for a token again', async () => {
    const h = await harness(invalidGrant);
    await h.receive();
    h.clock.advance(CONFIRM_MS + 1);
    await h.receive();
    const requests = h.tokenRequests();
    h.clock.advance(60_000);
    expect([await h.receive(), h.tokenRequests() - requests, h.parked()]).toEqual([
      'failed: reinstall_needed',
      0,
      [{ Reason: 'reinstall_needed' }, { Reason: 'reinstall_needed' }],
    ]);
  });

  it('a grant that works in between clears the first refusal', async () => {
    let answer: TokenAnswer = invalidGrant;
    const h = await harness(() => answer());
    await h.receive();
    answer = () => jsonResponse(200, { access_token: 'new-bot-token', token_type: 'Bearer', expires_in: 60 });
    h.clock.advance(5 * 60_000);
    expect(await h.receive()).toBe('processed');
    answer = invalidGrant;
    h.clock.advance(CONFIRM_MS - 60_000);
    await h.receive();
    expect(await h.status()).toBe('installed');
  });

  it('after a reinstall the parked event is processed', async () => {
    const h = await harness(invalidGrant);
    await h.receive();
    h.clock.advance(CONFIRM_MS + 1);
    await h.receive();
    const fresh = {
      accessToken: 'reinstalled-token',
      expiresAt: h.clock.now() + 36_000_000,
      renewAt: h.clock.now() + 35_000_000,
    };
    await h.store.putInstallation(makeInstallation({ installationId: 'inst-again', botToken: fresh }));
    expect([await h.receive(), await h.status(), h.handled.length]).toEqual(['processed', 'installed', 1]);
  });
});

describe('a 500 from the token endpoint, with an installation lookup that says it is not installed', () => {
  const lookup = (status: string) => () =>
    jsonResponse(200, [{ id: makeInstallation().installationId, workspace: WS, status }]);

  it('counts as a refusal: twice over the window means reinstall needed', async () => {
    const h = await harness(() => jsonResponse(500, {}), lookup('uninstalled'));
    await h.receive();
    const first = await h.status();
    h.clock.advance(CONFIRM_MS + 1);
    expect([first, await h.receive(), await h.status()]).toEqual([
      'installed',
      'failed: reinstall_needed',
      'reinstall_needed',
    ]);
  });

  it('is no refusal when the lookup says installed', async () => {
    const h = await harness(() => jsonResponse(500, {}), lookup('installed'));
    await h.receive();
    h.clock.advance(CONFIRM_MS + 1);
    await h.receive();
    expect(await h.status()).toBe('installed');
  });
});
