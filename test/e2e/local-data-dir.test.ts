import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { createBrowser } from '../helpers/browser';

let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (dataDir: string): Promise<LocalApp> =>
  startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}, { dataDir }),
    log: createPrettyLogger({ write: () => undefined }),
  });

test('with --data, an installation survives a restart and the bot still answers', async () => {
  dir = mkdtempSync(join(tmpdir(), 'plane-app-data-'));
  const first = await start(dir);
  const browser = createBrowser();
  const consent = await browser.get(first.installUrl);
  const { action, fields } = browser.form(consent, 'approve');
  expect((await browser.post(action, fields)).status).toBe(200);
  const workspaceId = first.simulator?.data.workspace.id;
  await first.stop();

  const second = await start(dir);
  try {
    const sim = second.simulator;
    if (!sim) throw new Error('no simulator');
    expect(sim.data.workspace.id).toBe(workspaceId);
    expect(sim.installation()?.status).toBe('installed');
    const item = sim.data.workItems[0];
    const response = await fetch(
      `${second.planeUrl}/api/v1/workspaces/${sim.data.workspace.slug}` +
        `/projects/${item.project}/work-items/${item.id}/comments/`,
      {
        method: 'POST',
        headers: { 'X-API-Key': LOCAL_DEFAULTS.PLANE_SIM_API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ comment_html: `<p>${sim.mentionHtml()} help</p>` }),
      },
    );
    expect(response.status).toBe(201);
    await second.idle();
    const replies = sim.data.comments.filter((comment) => comment.actor === sim.botUser()?.id);
    expect(replies).toHaveLength(1);
    expect(replies[0].comment_stripped || replies[0].comment_html).toContain('Here is what I can do');
  } finally {
    await second.stop();
  }
}, 30_000);

test('with --data, a workspace saved by an older simulator stops the start with what to do', async () => {
  const old = mkdtempSync(join(tmpdir(), 'plane-app-old-'));
  try {
    writeFileSync(join(old, 'plane-simulator.json'), JSON.stringify({ workspace: { slug: 'acme' }, workItems: [] }));
    await expect(start(old)).rejects.toMatchObject({
      problems: [expect.stringMatching(/no version.*Delete the folder .*or run with another --data folder/)],
    });
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}, 30_000);
