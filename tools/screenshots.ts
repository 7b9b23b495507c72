/**
 * `npm run screenshots`: the README's pictures of local mode, taken in Debian's Chromium from a
 * real run: docs/console.png (a mention answered through an agent run) and docs/inspector.png
 * (the event inspector after a few webhooks: processed, echo, duplicate, refused).
 */
import { mkdirSync } from 'node:fs';
import { resolveLocalSettings } from '../lambdas/local/local-settings';
import { createPrettyLogger } from '../lambdas/local/pretty-log';
import { startLocal } from '../lambdas/local/runtime';
import { launchChromium } from '../test/helpers/chromium';

const VIEWPORT = { width: 1100, height: 860 };

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ write: () => undefined }),
  });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(app.appUrl);
    await page.getByRole('link', { name: 'Install the app' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Live: updates appear as they happen').waitFor();

    const item = page.locator('section.item').first();
    await item.getByLabel(/^Comment on /).fill('summary');
    await item.getByRole('button', { name: 'Comment' }).click();
    await item.locator('.activity-response').waitFor();
    await app.idle();
    mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: 'docs/console.png' });

    // A webhook without its signature, as anything on the internet could send.
    await fetch(`${app.appUrl}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await page.goto(`${app.appUrl}/events`);
    await page
      .getByRole('row', { name: /agent_run_create/ })
      .getByRole('link')
      .click();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.locator('#event-path').getByText('duplicate').waitFor();
    await page.goto(`${app.appUrl}/events`);
    await page.getByText('Live: updates appear as they happen').waitFor();
    await page.screenshot({ path: 'docs/inspector.png' });
    process.stdout.write('Wrote docs/console.png and docs/inspector.png\n');
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
