import type { PlaneSimulator } from '../../lambdas/local/plane-simulator';
import {
  approveInstall,
  basicAuth,
  bearer,
  consentSession,
  postForm,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_REDIRECT_URI,
  startSimulator,
} from '../helpers/sim-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Plane simulator OAuth', () => {
  let sim: PlaneSimulator;
  let now: number;

  beforeEach(async () => {
    now = Date.UTC(2026, 0, 15, 12, 0, 0);
    sim = await startSimulator({ clock: () => now });
  });
  afterEach(() => sim.stop());

  const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${sim.url}/auth/o/token/`, fields, headers);
  const codeGrant = (code: string) =>
    token({
      grant_type: 'authorization_code',
      code,
      client_id: SIM_CLIENT_ID,
      client_secret: SIM_CLIENT_SECRET,
      redirect_uri: SIM_REDIRECT_URI,
    });

  it('shows a consent form that posts back with the request carried in hidden inputs', async () => {
    const query = new URLSearchParams({
      client_id: SIM_CLIENT_ID,
      response_type: 'code',
      redirect_uri: SIM_REDIRECT_URI,
      state: 's"1',
    });
    const res = await fetch(`${sim.url}/auth/o/authorize-app/?${query}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<form method="POST" action="/auth/o/authorize-app/">');
    expect(html).toContain(`name="client_id" value="${SIM_CLIENT_ID}"`);
    expect(html).toContain('name="state" value="s&#34;1"');
    expect(html).toContain('value="approve">Approve</button>');
    expect(html).toContain('Helper');
  });

  it('answers a 400 page for an unknown client or redirect URI', async () => {
    const bad = await fetch(
      `${sim.url}/auth/o/authorize-app/?client_id=nope&response_type=code` +
        `&redirect_uri=${encodeURIComponent(SIM_REDIRECT_URI)}`,
    );
    expect(bad.status).toBe(400);
    const uri = await fetch(
      `${sim.url}/auth/o/authorize-app/?client_id=${SIM_CLIENT_ID}&response_type=code&redirect_uri=http://evil.test/cb`,
    );
    expect(uri.status).toBe(400);
  });

  it('redirects an approval with app_installation_id, code and state, and installs a bot', async () => {
    const query = await approveInstall(sim, 'xyz');
    expect(query.get('app_installation_id')).toMatch(UUID);
    expect(query.get('code')).toBeTruthy();
    expect(query.get('state')).toBe('xyz');
    const installation = sim.installation();
    expect(installation).toMatchObject({ id: query.get('app_installation_id'), status: 'installed' });
    expect(sim.botUser()).toMatchObject({ is_bot: true, display_name: 'Helper Bot' });
    expect(sim.data.workspace.members).toContain(installation?.app_bot);
    expect(sim.data.projects.every((project) => project.members.includes(installation?.app_bot ?? ''))).toBe(true);
  });

  it('redirects a denial with error=access_denied', async () => {
    const { cookie, token } = await consentSession(sim, 'q');
    const res = await postForm(
      `${sim.url}/auth/o/authorize-app/`,
      {
        client_id: SIM_CLIENT_ID,
        redirect_uri: SIM_REDIRECT_URI,
        state: 'q',
        decision: 'deny',
        csrfmiddlewaretoken: token,
      },
      { cookie },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${SIM_REDIRECT_URI}?error=access_denied&state=q`);
    expect(sim.installation()).toBeUndefined();
  });

  it('does not read JSON bodies', async () => {
    const res = await fetch(`${sim.url}/auth/o/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...basicAuth() },
      body: JSON.stringify({ grant_type: 'client_credentials', app_installation_id: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
    expect(sim.tokenRequests[0]).toMatchObject({ contentType: 'application/json', form: {}, status: 400 });
  });

  it('requires Basic auth for a bot token and then issues one without a refresh token', async () => {
    const installationId = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const noBasic = await token({
      grant_type: 'client_credentials',
      app_installation_id: installationId,
      client_id: SIM_CLIENT_ID,
      client_secret: SIM_CLIENT_SECRET,
    });
    expect(noBasic.status).toBe(401);
    expect(await noBasic.json()).toEqual({ error: 'invalid_client' });
    const wrong = await token(
      { grant_type: 'client_credentials', app_installation_id: installationId },
      basicAuth(SIM_CLIENT_ID, 'wrong'),
    );
    expect(wrong.status).toBe(401);
    const ok = await token({ grant_type: 'client_credentials', app_installation_id: installationId }, basicAuth());
    const body = (await ok.json()) as Record<string, unknown>;
    expect(ok.status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      expires_in: 36000,
      token_type: 'Bearer',
      scope: 'read write',
    });
    expect(sim.tokenRequests.at(-1)).toMatchObject({
      basicClientId: SIM_CLIENT_ID,
      grantType: 'client_credentials',
      status: 200,
    });
  });

  it('refuses a bot token for an unknown or uninstalled installation', async () => {
    const installationId = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const unknown = await token({ grant_type: 'client_credentials', app_installation_id: 'a1b2' }, basicAuth());
    expect(unknown.status).toBe(400);
    sim.uninstall(installationId);
    const gone = await token({ grant_type: 'client_credentials', app_installation_id: installationId }, basicAuth());
    expect(gone.status).toBe(400);
    expect(await gone.json()).toEqual({ error: 'invalid_grant' });
  });

  it("answers Django's 500 page to token requests while token500Rate is on, without counting them", async () => {
    const installationId = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const bot = { grant_type: 'client_credentials', app_installation_id: installationId };
    sim.setFaults({ token500Rate: 1 });
    const failed = await Promise.all(Array.from({ length: 6 }, () => token(bot, basicAuth())));
    const pages = await Promise.all(failed.map((res) => res.text()));
    sim.setFaults({});
    const after = await token(bot, basicAuth());
    expect(failed.map((res) => [res.status, res.headers.get('content-type')])).toEqual(
      Array.from({ length: 6 }, () => [500, 'text/html; charset=utf-8']),
    );
    expect(pages[0]).toContain('<h1>Server Error (500)</h1>');
    // Six failed requests, and the seventh is still within the 5-a-minute budget.
    expect(after.status).toBe(200);
    expect(sim.tokenRequests.map((request) => request.status)).toEqual([500, 500, 500, 500, 500, 500, 200]);
  });

  it('re-activates the same installation and bot on a new install after an uninstall', async () => {
    const first = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const bot = sim.botUser()?.id;
    sim.uninstall(first);
    expect(sim.installation()?.status).toBe('uninstalled');
    expect(sim.data.workspace.members).not.toContain(bot);
    const second = (await approveInstall(sim)).get('app_installation_id');
    expect(second).toBe(first);
    expect(sim.botUser()?.id).toBe(bot);
    expect((await token({ grant_type: 'client_credentials', app_installation_id: first }, basicAuth())).status).toBe(
      200,
    );
  });

  it('exchanges a code once, within 60 seconds, for a user token with a refresh token', async () => {
    const code = (await approveInstall(sim)).get('code') ?? '';
    const first = await codeGrant(code);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ refresh_token: expect.any(String), token_type: 'Bearer' });
    const again = await codeGrant(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
    expect(sim.tokenRequests.at(-1)?.form.client_secret).toBe('[redacted]');
  });

  it('expires codes after 60 seconds', async () => {
    const code = (await approveInstall(sim)).get('code') ?? '';
    now += 60_000;
    const res = await codeGrant(code);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });

  it('rotates refresh tokens', async () => {
    const code = (await approveInstall(sim)).get('code') ?? '';
    const first = (await (await codeGrant(code)).json()) as { refresh_token: string };
    const refresh = (fields: Record<string, string>) =>
      token({ grant_type: 'refresh_token', client_id: SIM_CLIENT_ID, client_secret: SIM_CLIENT_SECRET, ...fields });
    const second = await refresh({ refresh_token: first.refresh_token });
    const rotated = (await second.json()) as { refresh_token: string; access_token: string };
    expect(second.status).toBe(200);
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh({ refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect((await refresh({ refresh_token: rotated.refresh_token })).status).toBe(200);
  });

  it('allows 5 token requests a minute per client_id, then 429 with error_code 5900', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (
          await token({
            grant_type: 'refresh_token',
            refresh_token: 'r',
            client_id: SIM_CLIENT_ID,
            client_secret: SIM_CLIENT_SECRET,
          })
        ).status,
      );
    }
    const sixth = await token({
      grant_type: 'refresh_token',
      refresh_token: 'r',
      client_id: SIM_CLIENT_ID,
      client_secret: SIM_CLIENT_SECRET,
    });
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await sixth.json()).toEqual({
      error_code: 5900,
      error_message: 'Too many requests. Please try again later.',
    });
    now += 60_000;
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: 'r',
          client_id: SIM_CLIENT_ID,
          client_secret: SIM_CLIENT_SECRET,
        })
      ).status,
    ).toBe(400);
  });

  it('counts Basic-auth-only requests against the source IP', async () => {
    for (let i = 0; i < 5; i += 1)
      await token({ grant_type: 'client_credentials', app_installation_id: 'x' }, basicAuth());
    expect((await token({ grant_type: 'client_credentials', app_installation_id: 'x' }, basicAuth())).status).toBe(429);
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: 'r',
          client_id: SIM_CLIENT_ID,
          client_secret: SIM_CLIENT_SECRET,
        })
      ).status,
    ).toBe(400);
  });

  it('lists the installation as a one-item array, and [] for an unknown id', async () => {
    const installationId = (await approveInstall(sim)).get('app_installation_id') ?? '';
    const { access_token: botToken } = (await (
      await token({ grant_type: 'client_credentials', app_installation_id: installationId }, basicAuth())
    ).json()) as { access_token: string };
    const res = await fetch(`${sim.url}/auth/o/app-installation/?id=${installationId}`, { headers: bearer(botToken) });
    const list = (await res.json()) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: installationId,
      workspace: sim.data.workspace.id,
      workspace_detail: { name: 'Acme', slug: 'acme', id: sim.data.workspace.id, logo_url: null },
      status: 'installed',
      application: sim.data.application.id,
      installed_by: sim.data.human.id,
      app_bot: sim.botUser()?.id,
      webhook: expect.stringMatching(UUID),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const none = await fetch(`${sim.url}/auth/o/app-installation/?id=00000000-0000-4000-8000-000000000000`, {
      headers: bearer(botToken),
    });
    expect(await none.json()).toEqual([]);
    expect((await fetch(`${sim.url}/auth/o/app-installation/?id=${installationId}`)).status).toBe(401);
  });

  it('revokes tokens', async () => {
    const code = (await approveInstall(sim)).get('code') ?? '';
    const { access_token: userToken } = (await (await codeGrant(code)).json()) as { access_token: string };
    const me = () => fetch(`${sim.url}/api/v1/users/me/`, { headers: bearer(userToken) });
    expect((await me()).status).toBe(200);
    const res = await postForm(`${sim.url}/auth/o/revoke-token/`, {
      token: userToken,
      client_id: SIM_CLIENT_ID,
      client_secret: SIM_CLIENT_SECRET,
    });
    expect(res.status).toBe(200);
    expect((await me()).status).toBe(401);
  });
});
