import type { SimulationConfig, SimulationResult } from './run';

/** The delay the ceiling is about: p99 of events' waiting time, in seconds. */
const CEILING_P99_S = 60;

export interface CeilingSearch {
  /** The largest installation count found whose run stayed under the ceiling, and that run. */
  readonly ceilingInstallations: number;
  readonly atCeiling: SimulationResult;
  /** Every run of the search, in order. */
  readonly runs: readonly SimulationResult[];
}

/**
 * Whether a run stays under the ceiling: p99 delay under 60 s, nothing lost, nothing parked. A
 * parked event never reaches the delay figures (it was not handled), so a run that parks some
 * could look fast while failing events: it is over the ceiling.
 */
export const withinCeiling = (result: SimulationResult): boolean =>
  result.delayP99S < CEILING_P99_S && result.lost === 0 && result.parked === 0;

/**
 * Searches the largest installation count for which `withinCeiling` holds: doubles from `start`
 * until a run fails (or halves until one passes), then bisects until the two bounds are within
 * `precision` of each other (counts rounded to 50). The search assumes more installations never
 * help, which holds for the mean but not for each seed: read the figure as about ±precision.
 */
export async function findCeiling(
  base: Omit<SimulationConfig, 'installations'>,
  run: (config: SimulationConfig) => Promise<SimulationResult>,
  options: { start?: number; precision?: number; max?: number; onRun?: (result: SimulationResult) => void } = {},
): Promise<CeilingSearch> {
  const precision = options.precision ?? 0.05;
  const max = options.max ?? 256_000;
  const runs: SimulationResult[] = [];
  const attempt = async (installations: number) => {
    const result = await run({ ...base, installations });
    runs.push(result);
    options.onRun?.(result);
    return result;
  };
  const roundTo50 = (n: number) => Math.max(50, Math.round(n / 50) * 50);

  let low: SimulationResult | undefined;
  let high: number | undefined;
  let probe = roundTo50(options.start ?? 1000);
  for (;;) {
    const result = await attempt(probe);
    if (withinCeiling(result)) {
      low = result;
      if (high !== undefined || probe >= max) break;
      probe = Math.min(max, probe * 2);
    } else {
      high = probe;
      if (low !== undefined || probe <= 50) break;
      probe = roundTo50(probe / 2);
    }
  }
  while (low && high !== undefined && high / low.installations > 1 + precision) {
    const middle = roundTo50((low.installations + high) / 2);
    if (middle <= low.installations || middle >= high) break;
    const result = await attempt(middle);
    if (withinCeiling(result)) low = result;
    else high = middle;
  }
  if (!low) throw new Error(`even ${runs[runs.length - 1]?.installations} installations exceed the ceiling`);
  return { ceilingInstallations: low.installations, atCeiling: low, runs };
}
