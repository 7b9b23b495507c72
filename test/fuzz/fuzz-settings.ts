import type { Parameters } from 'fast-check';

/**
 * The one place the fuzz tests take their sizes from. `FUZZ_RUNS` sets the cases per pure
 * property (default 200, so `npm test` stays quick); properties that talk to the SQS and Secrets
 * Manager stand-ins run a quarter of that, capped at 2,000 so `npm run fuzz` (100,000) stays
 * bounded. `FUZZ_SEED` (and `FUZZ_PATH`, both printed by fast-check on a failure) replay a run.
 */
export type FuzzKind = 'pure' | 'service';

const DEFAULT_RUNS = 200;
const SERVICE_SHARE = 4;
const SERVICE_MAX_RUNS = 2_000;

function positiveInteger(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function integer(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value))
    throw new Error(`${name} must be an integer (the seed fast-check printed), got "${raw}"`);
  return value;
}

/** Cases per property of this kind. */
export function fuzzRuns(kind: FuzzKind): number {
  const runs = positiveInteger('FUZZ_RUNS', DEFAULT_RUNS) ?? DEFAULT_RUNS;
  return kind === 'pure' ? runs : Math.min(SERVICE_MAX_RUNS, Math.ceil(runs / SERVICE_SHARE));
}

/** fast-check parameters: the run count, the replay seed and path, and any fixed `examples`. */
export function fuzzParams<T>(kind: FuzzKind, extra: Parameters<T> = {}): Parameters<T> {
  const seed = integer('FUZZ_SEED');
  const path = process.env.FUZZ_PATH?.trim();
  return {
    numRuns: fuzzRuns(kind),
    ...(seed === undefined ? {} : { seed }),
    ...(path ? { path } : {}),
    ...extra,
  };
}

/** A Jest timeout for one property: a fixed allowance plus `msPerRun` for each case. */
export function fuzzTimeout(kind: FuzzKind, msPerRun: number): number {
  return 30_000 + Math.ceil(fuzzRuns(kind) * msPerRun);
}
