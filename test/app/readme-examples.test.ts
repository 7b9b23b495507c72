import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MARKER = /<!-- readme-example: (\S+) -->\n```ts\n([\s\S]*?)```\n/g;

// The README's "Your first handler in 5 minutes" shows whole files; these are the same bytes as the
// files in the repo, so the test that runs them (test/app/escalate.test.ts) proves the README works.
const examples = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(MARKER)].map(([, path, code]) => ({
  path,
  code,
}));

test('the README shows the first handler and its test', () => {
  expect(examples.map((example) => example.path)).toEqual(['lambdas/app/escalate.ts', 'test/app/escalate.test.ts']);
});

test.each(examples)('the README shows $path exactly as it is in the repo', ({ path, code }) => {
  expect(code).toBe(readFileSync(join(ROOT, path), 'utf8'));
});
