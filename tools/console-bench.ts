/**
 * `npm run bench:console`: what a new user waits for in the first hour, measured in Debian's
 * Chromium against a real `npm start`:
 * - from `npm start` to the console being interactive (page loaded, live updates connected);
 * - from pressing Comment on a mention to the bot's reply being visible (median of 20);
 * - axe's findings on every local page, by impact.
 * Prints a small report. Not part of npm test (it needs Chromium; see npm run test:browser).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { axeFindings, launchChromium } from '../test/helpers/chromium';
import { freePort } from './bench/free-port';
import { median, percentile } from './bench/stats';

const MENTIONS = 20;

/** Loads `url` as soon as something answers there, then waits for the live-updates status. */
async function openWhenUp(page: Page, url: string): Promise<void> {
  for (;;) {
    try {
      await page.goto(url);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  await page.getByText('Live: updates appear as they happen').waitFor();
}

async function mentionToReply(page: Page): Promise<number> {
  const section = page.locator('section.item').first();
  const replies = section.locator('.activity-response');
  const before = await replies.count();
  await section.getByLabel(/^Comment on /).fill('help');
  const started = performance.now();
  await section.getByRole('button', { name: 'Comment' }).click();
  // Generous: a reply whose first try failed comes with the retry, after the visibility timeout.
  await replies.nth(before).waitFor({ timeout: 60_000 });
  return performance.now() - started;
}

async function axeReport(page: Page, label: string, url: string): Promise<string> {
  await page.goto(url);
  const findings = await axeFindings(page);
  const summary = findings.map((finding) => `${finding.impact} ${finding.id} (${finding.targets.length})`);
  return `  ${label.padEnd(28)} ${summary.length === 0 ? 'no violation' : summary.join(', ')}`;
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const page = await (await browser.newContext()).newPage();
  const [port, simPort] = [await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${port}`;
  let output = '';
  let printedReady: number | undefined;
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--', '--port', String(port), '--sim-port', String(simPort)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (printedReady === undefined && output.includes('Plane app running locally'))
      printedReady = performance.now() - started;
  });
  try {
    await openWhenUp(page, appUrl);
    const interactive = performance.now() - started;
    const ready = /ready ([\d.]+) s after start/.exec(output)?.[1];

    await page.getByRole('link', { name: 'Install the app' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/installed=/);
    await page.getByText('Live: updates appear as they happen').waitFor();
    const times: number[] = [];
    for (let i = 0; i < MENTIONS; i += 1) times.push(await mentionToReply(page));

    const firstEvent = `${appUrl}/events/1`;
    const axe = [
      await axeReport(page, 'console (installed)', appUrl),
      await axeReport(page, 'consent page', `${appUrl}/oauth/setup`),
      await axeReport(page, 'install cancelled', `${appUrl}/oauth/callback?error=access_denied&state=x`),
      await axeReport(page, 'install link expired', `${appUrl}/oauth/callback?code=x&state=y`),
      await axeReport(page, 'inspector: list', `${appUrl}/events`),
      await axeReport(page, 'inspector: event', firstEvent),
    ];
    const lines = [
      `npm start → console interactive in Chromium: ${Math.round(interactive)} ms (npm start printed its ready ` +
        `line after ${Math.round(printedReady ?? Number.NaN)} ms, saying "ready ${ready ?? '?'} s after start")`,
      `mention → reply visible (${MENTIONS} mentions): median ${Math.round(median(times))} ms, ` +
        `p90 ${Math.round(percentile(times, 90))} ms, min ${Math.round(Math.min(...times))} ms, ` +
        `max ${Math.round(Math.max(...times))} ms`,
      'axe (every impact):',
      ...axe,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    // As Ctrl-C does: tsx passes SIGINT on to local mode, which then stops every server it started.
    // Its output stays read until it has exited, so its last lines never meet a closed pipe.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.pid) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:console: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
