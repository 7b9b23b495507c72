/**
 * `npm run fuzz`: the property-based tests of test/fuzz with many more cases than `npm test` runs.
 *
 *   npm run fuzz                           # 100,000 cases per pure property, 2,000 per SQS-backed one
 *   npm run fuzz -- --runs 5000            # fewer (FUZZ_RUNS; SQS-backed properties run a quarter, at most 2,000)
 *   npm run fuzz -- --seed -1150815458 --path "0:3"   # replay the failure fast-check printed
 *   npm run fuzz -- -t envelope            # any other option goes to Jest
 */
import { spawnSync } from 'node:child_process';
import { fuzzRuns } from '../test/fuzz/fuzz-settings';

const OWN_OPTIONS: ReadonlyMap<string, string> = new Map([
  ['--runs', 'FUZZ_RUNS'],
  ['--seed', 'FUZZ_SEED'],
  ['--path', 'FUZZ_PATH'],
]);

function main(argv: readonly string[]): number {
  const env = process.env;
  env.FUZZ_RUNS ??= '100000';
  const jestArgs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const name = OWN_OPTIONS.get(flag);
    if (!name) {
      jestArgs.push(argv[i]);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      // `--runs 5000`: the value is the next argument, which is consumed here.
      i += 1;
      value = argv[i];
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    env[name] = value;
  }
  process.stdout.write(
    `fuzz: ${fuzzRuns('pure')} cases per pure property, ${fuzzRuns('service')} per SQS-backed ` +
      `one${env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ''}\n`,
  );

  const started = Date.now();
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/fuzz', ...jestArgs], {
    stdio: 'inherit',
    env,
  });
  process.stdout.write(`fuzz: finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (jest.error) throw jest.error;
  return jest.status ?? 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
