import type { Browser, Page } from 'playwright-core';
import type { LocalApp } from '../../lambdas/local/runtime';
import { axeFindings, launchChromium, serious } from '../helpers/chromium';
import { startPoisonedLocal } from '../helpers/poisoned-local';

// A new user's first hour, in a real Chromium: install (and deny) through the simulator's consent
// page, mention the bot from the console and see the reply arrive, then follow the webhooks in the
// event inspector: replay one, and redrive one from the dead-letter queue. Every page gets an axe
// check. Run with `npm run test:browser` (not part of npm test: it needs Chromium).
let app: LocalApp;
let browser: Browser;
let cure: () => void;

beforeAll(async () => {
  ({ app, cure } = await startPoisonedLocal());
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const sim = () => {
  if (!app.simulator) throw new Error('no simulator');
  return app.simulator;
};

async function expectAccessible(page: Page): Promise<void> {
  expect(serious(await axeFindings(page))).toEqual([]);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('deny: the consent page sends the browser back to a page that says the install was cancelled', async () => {
  const page = await newPage();
  await page.goto(app.appUrl);
  await page.getByRole('link', { name: 'Install the app' }).click();
  await page.getByRole('button', { name: 'Deny' }).waitFor();
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.getByRole('heading', { name: 'Install cancelled' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/oauth/callback');
  await expectAccessible(page);
  expect(sim().installation()).toBeUndefined();
  // The other result page a browser can reach: a callback whose state this browser never started.
  await page.goto(`${app.appUrl}/oauth/callback?code=stale&state=unknown`);
  await page.getByRole('heading', { name: 'This install link has expired' }).waitFor();
  await expectAccessible(page);
  await page.context().close();
});

test('install: the console, the consent page and the result pass axe, and the app is installed', async () => {
  const page = await newPage();
  await page.goto(app.appUrl);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Install the app' }).click();
  await page.getByRole('button', { name: 'Approve' }).waitFor();
  expect(page.url().startsWith(`${app.planeUrl}/auth/o/authorize-app/`)).toBe(true);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${app.appUrl}/?installed=acme`);
  await page.getByText('Installed in workspace').waitFor();
  await expectAccessible(page);
  expect(sim().installation()?.status).toBe('installed');
  await page.context().close();
});

test('mention from the console: the agent run and its reply appear without a reload', async () => {
  const page = await newPage();
  await page.goto(app.appUrl);
  await page.getByText('Live: updates appear as they happen').waitFor();
  await page.evaluate(() => {
    (globalThis as { samePage?: boolean }).samePage = true;
  });
  const item = sim().data.workItems[0];
  const section = page.locator(`#item-${item.id}`);
  await section.getByLabel(/^Comment on /).fill('summary');
  await section.getByRole('button', { name: 'Comment' }).click();
  await section.locator('.activity-response').waitFor();
  await expect(section.locator('.activity-response').textContent()).resolves.toContain(`Summary of "${item.name}"`);
  expect(await section.locator('.activity-thought').count()).toBe(1);
  const run = sim()
    .agentRuns()
    .find((candidate) => candidate.issue === item.id);
  expect(await section.locator('[data-status]').getAttribute('data-status')).toBe(run?.status);
  expect(await section.getByLabel(/^Comment on /).inputValue()).toBe('');
  expect(await page.evaluate(() => (globalThis as { samePage?: boolean }).samePage)).toBe(true);
  await expectAccessible(page);
  await page.context().close();
});

test('the inspector shows the event; Replay sends it again and the copy shows as a duplicate', async () => {
  const page = await newPage();
  await page.goto(`${app.appUrl}/events`);
  await expectAccessible(page);
  const row = page.getByRole('row', { name: /agent_run_create\.created/ }).first();
  await row.getByText('processed').waitFor();
  await row.getByRole('link').click();
  await page.getByRole('heading', { name: /^Event #\d+: agent_run_create\.created$/ }).waitFor();
  const original = new URL(page.url()).pathname;
  await page.locator('summary', { hasText: 'Raw bytes' }).click();
  const raw = await page.locator('details pre').textContent();
  expect(raw).toBe(app.events.get(original.split('/').pop() ?? '')?.body.toString('utf8'));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.waitForURL((url) => /^\/events\/\d+$/.test(url.pathname) && url.pathname !== original);
  await page.locator('#event-path').getByText('duplicate').waitFor();
  await page
    .getByText(`#${original.split('/').pop()}`)
    .first()
    .waitFor();
  await page.context().close();
});

test('redrive: an event parked after five failed receives goes back and is processed once fixed', async () => {
  const page = await newPage();
  sim().createWorkItem({ name: 'poison' });
  await page.goto(`${app.appUrl}/events`);
  const row = page.getByRole('row', { name: /issue\.created/ }).first();
  await row.getByText('parked').waitFor({ timeout: 30_000 });
  await row.getByRole('link').click();
  await page.locator('#event-path').getByText('poisoned on purpose (receive 5 of 5)').waitFor();
  await expectAccessible(page);
  cure();
  // The Redrive button moves what the queue has parked: wait until the queue holds it.
  for (const deadline = Date.now() + 20_000; (await deadLetterDepth()) !== 1; ) {
    if (Date.now() > deadline) throw new Error('the event never reached the dead-letter queue');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.getByRole('button', { name: 'Redrive the dead-letter queue' }).click();
  await page.locator('#event-path').getByText('processed').waitFor({ timeout: 20_000 });
  const kinds = await page.locator('#event-path .badge').allTextContents();
  expect(kinds.slice(-3)).toEqual(['redriven', 'received', 'processed']);
  await page.context().close();
}, 60_000);

async function deadLetterDepth(): Promise<number> {
  const response = await fetch(`${app.appUrl}/local/health`);
  return ((await response.json()) as { deadLetterQueue: number }).deadLetterQueue;
}
