import type { Installation } from '../../lambdas/core/installation';

const iso = (time: number) => new Date(time).toISOString();

/** A plain table of installations for a terminal. Shows token expiry, never a token. */
export function formatInstallations(installations: readonly Installation[], now: number): string {
  if (installations.length === 0) return 'No installations yet: install the app from its Setup URL.';
  const rows = installations.map((entry) => {
    const expires = entry.botToken ? iso(entry.botToken.expiresAt) : '-';
    const state = entry.botToken ? (entry.botToken.expiresAt > now ? 'valid' : 'expired') : 'none';
    // An unconfirmed refusal: a second one 10 minutes later would mark the installation reinstall_needed.
    const refused = entry.status === 'installed' && entry.refusedAt ? ` (refused ${iso(entry.refusedAt)})` : '';
    return [
      entry.workspaceSlug,
      entry.workspaceId,
      `${entry.status}${refused}`,
      entry.installationId,
      `${expires} (${state})`,
      iso(entry.updatedAt),
    ];
  });
  const header = ['WORKSPACE', 'WORKSPACE ID', 'STATUS', 'INSTALLATION ID', 'BOT TOKEN EXPIRES', 'UPDATED'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
