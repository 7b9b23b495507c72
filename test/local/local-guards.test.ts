import { request } from 'node:http';
import { resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { createBrowser } from '../helpers/browser';

// Local mode refuses other sites: a rebinding Host on either server, and form posts without the
// session's CSRF token (or from another Origin). Plain HTTP, as another site's page would send.
let app: LocalApp;

beforeAll(async () => {
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ write: () => undefined }),
  });
}, 30_000);

afterAll(() => app.stop());

const sim = () => {
  if (!app.simulator) throw new Error('no simulator');
  return app.simulator;
};

/** One raw HTTP request, with any Host header (fetch would not send a forged one). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const port = (url: string) => new URL(url).port;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe("Host: only this machine's names on the server's port", () => {
  test('the app server refuses a rebinding Host with 421 and says which hosts it answers', async () => {
    const page = await send(`${app.appUrl}/`, { headers: { host: `attacker.example:${port(app.appUrl)}` } });
    expect(page.status).toBe(421);
    expect(JSON.parse(page.text).message).toContain('is not this local server');
    expect(JSON.parse(page.text).message).toContain(`127.0.0.1:${port(app.appUrl)}`);
    const webhook = await send(`${app.appUrl}/webhook`, {
      method: 'POST',
      headers: { host: `attacker.example:${port(app.appUrl)}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).toBe(421);
    expect(app.events.list()).toHaveLength(0);
  });

  test('the simulator refuses a rebinding Host, and a loopback name on another port', async () => {
    const rebound = await send(`${app.planeUrl}/auth/o/authorize-app/`, {
      headers: { host: `attacker.example:${port(app.planeUrl)}` },
    });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.text).error).toContain('against DNS rebinding');
    const otherPort = await send(`${app.planeUrl}/api/v1/users/me/`, { headers: { host: '127.0.0.1:1' } });
    expect(otherPort.status).toBe(421);
  });

  test('127.0.0.1 and localhost on the right port are answered', async () => {
    for (const name of ['127.0.0.1', 'localhost']) {
      expect((await send(`${app.appUrl}/`, { headers: { host: `${name}:${port(app.appUrl)}` } })).status).toBe(200);
    }
  });
});

describe("CSRF: the consent form and the console's posts carry the session's token", () => {
  test('a consent post from another site (no CSRF cookie or token) is refused and installs nothing', async () => {
    const response = await send(`${app.planeUrl}/auth/o/authorize-app/`, {
      method: 'POST',
      headers: { ...FORM, origin: 'http://attacker.example' },
      body: form({ client_id: 'local-plane-app', redirect_uri: `${app.appUrl}/oauth/callback`, decision: 'approve' }),
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF Verification Failed');
    expect(response.text).toContain('Origin checking failed - http://attacker.example does not match');
    const noCookie = await send(`${app.planeUrl}/auth/o/authorize-app/`, {
      method: 'POST',
      headers: FORM,
      body: form({ client_id: 'local-plane-app', decision: 'approve' }),
    });
    expect(noCookie.text).toContain('CSRF cookie not set.');
    expect(sim().installation()).toBeUndefined();
  });

  test('the install through the consent form still works: webhook and OAuth routes are server to server', async () => {
    const browser = createBrowser();
    const { action, fields } = browser.form(await browser.get(app.installUrl), 'approve');
    expect(fields.get('csrfmiddlewaretoken')).toMatch(/^[\w-]{43}$/);
    const done = await browser.post(action, fields);
    expect(done.status).toBe(200);
    expect(sim().installation()?.status).toBe('installed');
  });

  test('a cross-site comment post is refused: no cookie, another Origin, a wrong token', async () => {
    const item = sim().data.workItems[0].id;
    const page = await fetch(`${app.appUrl}/`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const post = (headers: Record<string, string>, csrf: string) =>
      send(`${app.appUrl}/local/comment`, {
        method: 'POST',
        headers: { ...FORM, host: `127.0.0.1:${port(app.appUrl)}`, ...headers },
        body: form({ csrf, item, text: 'help', mention: 'on' }),
      });
    const before = sim().data.comments.length;
    expect((await post({}, token)).text).toBe('Refused: CSRF cookie not set. Reload the page and try again.');
    expect((await post({ cookie, origin: 'http://attacker.example' }, token)).status).toBe(403);
    expect((await post({ cookie }, `${token.slice(0, -2)}xx`)).text).toContain('CSRF token incorrect.');
    expect((await post({ cookie, origin: `http://127.0.0.1:${port(app.appUrl)}` }, 'not-the-token')).status).toBe(403);
    expect(sim().data.comments.length).toBe(before);

    const accepted = await post({ cookie, origin: `http://127.0.0.1:${port(app.appUrl)}` }, token);
    expect(accepted.status).toBe(303);
    expect(sim().data.comments.length).toBe(before + 1);
  });

  test("the inspector's Replay and Redrive refuse a post without the token", async () => {
    for (const path of ['/events/1/replay', '/events/redrive']) {
      const response = await send(`${app.appUrl}${path}`, { method: 'POST', headers: FORM, body: form({}) });
      expect(response.status).toBe(403);
    }
  });
});
