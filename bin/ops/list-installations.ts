import type { Installation } from '../../lambdas/core/installation';

/** A plain table of installations for a terminal. Shows token expiry, never a token. */
export function formatInstallations(installations: readonly Installation[], now: number): string {
  if (installations.length === 0) return 'No installations yet: install the app from its Setup URL.';
  const rows = installations.map((entry) => {
    const expires = entry.botToken ? new Date(entry.botToken.expiresAt).toISOString() : '-';
    const state = entry.botToken ? (entry.botToken.expiresAt > now ? 'valid' : 'expired') : 'none';
    return [
      entry.workspaceSlug,
      entry.workspaceId,
      entry.status,
      entry.installationId,
      `${expires} (${state})`,
      new Date(entry.updatedAt).toISOString(),
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
