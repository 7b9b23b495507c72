import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3]);
}

test('lambdas/core imports no AWS package, so the core runs and is tested without AWS', () => {
  const offenders = sources('lambdas/core').flatMap((file) =>
    imports(file)
      .filter((spec) => /^(@aws-sdk\/|aws-lambda$|@aws-lambda-powertools\/|aws-cdk-lib|constructs$)/.test(spec))
      .map((spec) => `${file}: ${spec}`),
  );
  expect(offenders).toEqual([]);
});

test('lambdas/core imports only itself and node built-ins', () => {
  const offenders = sources('lambdas/core').flatMap((file) =>
    imports(file)
      .filter((spec) => !spec.startsWith('./') && !spec.startsWith('node:'))
      .map((spec) => `${file}: ${spec}`),
  );
  expect(offenders).toEqual([]);
});

test('imports run one way: handlers → adapters → core, and nothing in a Lambda imports local mode', () => {
  const rules: Array<[string, RegExp]> = [
    ['lambdas/adapters', /\.\.\/(handlers|app|local)\//],
    ['lambdas/handlers', /\.\.\/local\//],
    ['lambdas/app', /\.\.\/(handlers|adapters|local)\//],
  ];
  const offenders = rules.flatMap(([dir, forbidden]) =>
    sources(dir).flatMap((file) =>
      imports(file)
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `${file}: ${spec}`),
    ),
  );
  expect(offenders).toEqual([]);
});

test('lib/ (infrastructure) imports no runtime code except the shared constants', () => {
  const offenders = sources('lib').flatMap((file) =>
    imports(file)
      .filter((spec) => spec.includes('lambdas/'))
      .filter((spec) => !/lambdas\/core\/(env-names|metrics)$/.test(spec))
      .map((spec) => `${relative(root, join(root, file))}: ${spec}`),
  );
  expect(offenders).toEqual([]);
});
