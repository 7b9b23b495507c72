// `npm run lint` step: fails on any .ts line over 120 characters. Biome's formatter wraps code at
// 120 but leaves long strings and comments as they are, so this catches what it cannot.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 120;
const DIRS = ['bin', 'lib', 'lambdas', 'test', 'tools', 'types'];

const files = DIRS.flatMap((dir) =>
  readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name)),
);
const long = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const length = [...line].length;
      return length > MAX ? [`${file}:${index + 1}: ${length} characters`] : [];
    }),
);
if (long.length > 0) {
  process.stderr.write(`Lines over ${MAX} characters (wrap the string or comment by hand):\n${long.join('\n')}\n`);
  process.exitCode = 1;
}
