import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Flags for Debian's Chromium on a closed network: without the background-networking ones it
 * tries to reach Google's services and its connections are refused. Playwright gives each launch a
 * fresh profile (a temporary --user-data-dir) of its own.
 */
const FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium is: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. Nothing is ever downloaded. */
function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install Debian's (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

/** Launches the installed Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: FLAGS });
}

/** An accessibility problem axe found, in short. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/** Every axe violation on the page (WCAG 2.1 A and AA rules and axe's best practices). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** The findings that fail a page: serious or critical ones. */
export const serious = (findings: readonly AxeFinding[]) =>
  findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
