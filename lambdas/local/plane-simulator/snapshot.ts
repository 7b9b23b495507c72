import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/errors';
import { createSeedData } from './seed';
import type { SimulatorData } from './simulator-data';

/**
 * The format of the saved workspace (`--data DIR`, file plane-simulator.json):
 * `{"version": N, "data": SimulatorData}`. Bump it when a saved record's shape changes; a new
 * resource's list needs no bump, as every list of a fresh workspace is checked by name.
 * Files without a version were written before versions existed.
 */
export const SNAPSHOT_VERSION = 2;

type Saved = { version?: unknown; data?: unknown };

/** What is wrong with a saved workspace, or undefined if this simulator can use it. */
function problemOf(saved: Saved): string | undefined {
  if (saved.version === undefined) return 'it has no version: an older simulator wrote it';
  if (saved.version !== SNAPSHOT_VERSION) {
    return `it is version ${String(saved.version)}; this simulator reads version ${SNAPSHOT_VERSION}`;
  }
  const data = saved.data;
  if (typeof data !== 'object' || data === null) return 'it holds no workspace';
  // The shape of a fresh workspace: the same keys, lists where it has lists.
  const fresh = createSeedData({ workspaceSlug: 'x', appName: 'x', clientId: 'x', agentMentions: true, now: 0 });
  const missing = Object.entries(fresh)
    .filter(([key, value]) => !(key in data) || Array.isArray(value) !== Array.isArray(Reflect.get(data, key)))
    .map(([key]) => key);
  return missing.length > 0 ? `it lacks ${missing.join(', ')}: an older simulator wrote it` : undefined;
}

function isUsable(saved: Saved): saved is { version: number; data: SimulatorData } {
  return problemOf(saved) === undefined;
}

function parse(text: string): Saved | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return undefined;
  }
}

/**
 * Reads the workspace saved at `path`, or undefined when there is none. A file this simulator
 * cannot use is a ConfigError that says what to do, never a half-loaded workspace.
 */
export function loadSnapshot(path: string): SimulatorData | undefined {
  if (!existsSync(path)) return undefined;
  const saved = parse(readFileSync(path, 'utf8'));
  if (saved && isUsable(saved)) return saved.data;
  const problem = saved ? problemOf(saved) : 'it is not JSON';
  throw new ConfigError([
    `the simulated Plane workspace in ${path} cannot be used: ${problem}. Delete the folder ` +
      `${dirname(path)} to start afresh (the app's installations in it belong to that workspace), ` +
      'or run with another --data folder.',
  ]);
}

/** Saves the workspace for `loadSnapshot`. */
export function saveSnapshot(path: string, data: SimulatorData): void {
  writeFileSync(path, JSON.stringify({ version: SNAPSHOT_VERSION, data }));
}
