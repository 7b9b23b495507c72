import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../lambdas/core/errors';
import { createSeedData } from '../../lambdas/local/plane-simulator/seed';
import { loadSnapshot, SNAPSHOT_VERSION, saveSnapshot } from '../../lambdas/local/plane-simulator/snapshot';

describe('Plane simulator snapshot (--data)', () => {
  let dir: string;
  let file: string;
  const data = createSeedData({ workspaceSlug: 'acme', appName: 'App', clientId: 'c', agentMentions: true, now: 0 });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-snapshot-'));
    file = join(dir, 'plane-simulator.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problem = (): string => {
    try {
      loadSnapshot(file);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.join('\n');
    }
    throw new Error('loadSnapshot accepted the file');
  };

  it('saves the workspace with a version and loads it back', () => {
    saveSnapshot(file, data);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: SNAPSHOT_VERSION });
    expect(loadSnapshot(file)).toEqual(data);
  });

  it('has nothing to load when no file was saved', () => {
    expect(loadSnapshot(file)).toBeUndefined();
  });

  it('refuses an unversioned file and says what to do', () => {
    writeFileSync(file, JSON.stringify(data));
    const text = problem();
    expect(text).toContain('it has no version');
    expect(text).toContain(`Delete the folder ${dir}`);
    expect(text).toContain('or run with another --data folder');
  });

  it('refuses another version, a file missing a list and a file that is not JSON', () => {
    writeFileSync(file, JSON.stringify({ version: SNAPSHOT_VERSION + 1, data }));
    expect(problem()).toContain(
      `it is version ${SNAPSHOT_VERSION + 1}; this simulator reads version ${SNAPSHOT_VERSION}`,
    );
    const { projects: _dropped, ...older } = data;
    writeFileSync(file, JSON.stringify({ version: SNAPSHOT_VERSION, data: older }));
    expect(problem()).toContain('it lacks projects');
    writeFileSync(file, '{"version": 1, "da');
    expect(problem()).toContain('it is not JSON');
  });
});
