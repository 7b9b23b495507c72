/**
 * `npm run fuzz`: the property-based tests of test/fuzz with many more cases than `npm test` runs.
 *
 *   npm run fuzz                           # 100,000 cases per pure property, 2,000 per SQS-backed one
 *   npm run fuzz -- --runs 5000            # fewer (FUZZ_RUNS; SQS-backed properties run a quarter, at most 2,000)
 *   npm run fuzz -- --seed -1150815458 --path "0:3"   # replay the failure fast-check printed
 *   npm run fuzz -- -t envelope            # any other option goes to Jest
 *
 * Shows a progress bar by test file on a terminal (Jest's report follows it), plain lines elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createProgress } from '../bin/ops/progress';
import { fuzzRuns } from '../test/fuzz/fuzz-settings';

const OWN_OPTIONS: ReadonlyMap<string, string> = new Map([
  ['--runs', 'FUZZ_RUNS'],
  ['--seed', 'FUZZ_SEED'],
  ['--path', 'FUZZ_PATH'],
]);

const JEST = require.resolve('jest/bin/jest');

/**
 * Runs Jest with its output piped: each `PASS`/`FAIL` line is one test file done. On a terminal
 * the output is held back while the bar runs and printed after it; elsewhere it streams through.
 */
function runJest(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const listed = spawnSync(process.execPath, [JEST, '--listTests', ...args], { env, encoding: 'utf8' });
  const files = listed.stdout.split('\n').filter((line) => line.trim()).length;
  const progress = createProgress({ label: 'fuzz', total: files, unit: 'test files' });
  const live = process.stderr.isTTY !== true;
  const held: Buffer[] = [];
  let done = 0;
  const jest = spawn(process.execPath, [JEST, ...args], { stdio: ['inherit', 'pipe', 'pipe'], env });
  const pipe = (chunk: Buffer, to: NodeJS.WriteStream) => {
    if (live) to.write(chunk);
    else held.push(chunk);
    const finished = chunk.toString('utf8').match(/^(PASS|FAIL) /gm)?.length ?? 0;
    if (finished > 0) {
      done += finished;
      progress.update(done);
    }
  };
  jest.stdout.on('data', (chunk: Buffer) => pipe(chunk, process.stdout));
  jest.stderr.on('data', (chunk: Buffer) => pipe(chunk, process.stderr));
  return new Promise((resolve, reject) => {
    jest.once('error', reject);
    jest.once('close', (code) => {
      progress.stop();
      process.stderr.write(Buffer.concat(held));
      resolve(code ?? 1);
    });
  });
}

async function main(argv: readonly string[]): Promise<number> {
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
  const status = await runJest(['test/fuzz', ...jestArgs], env);
  process.stdout.write(`fuzz: finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return status;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
