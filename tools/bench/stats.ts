/** Small statistics and timing helpers for the benchmark (no dependencies). */

/** Milliseconds since an arbitrary origin, with sub-millisecond precision. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile (p in 0..100) of `values`; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const list = sorted(values);
  const rank = Math.ceil((p / 100) * list.length);
  return list[Math.min(list.length - 1, Math.max(0, rank - 1))];
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const minimum = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : Math.min(...values));

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** `value` rounded to `digits` decimals (for the JSON output and tables). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** "+4.2%" / "-1.0%": how much `value` is above `base`. */
export function percentOver(value: number, base: number): string {
  const share = (value / base - 1) * 100;
  return `${share >= 0 ? '+' : ''}${share.toFixed(1)}%`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; false once `timeoutMs` has passed. */
export async function waitUntil(check: () => boolean, timeoutMs: number, everyMs = 1): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

/** Percentiles each latency curve of the chart is drawn at. */
const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

/** The latency at each charted percentile (0 = fastest, 100 = slowest), for the latency chart. */
export function percentileCurve(values: readonly number[]): Array<{ percentile: number; ms: number }> {
  return CURVE_PERCENTILES.map((p) => ({
    percentile: p,
    ms: round(p === 0 ? minimum(values) : percentile(values, p), 3),
  }));
}

let progressSink = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Sends the step messages somewhere else (the progress bar of tools/bench.ts). */
export function onProgress(sink: (message: string) => void): void {
  progressSink = (message) => {
    sink(message);
    return true;
  };
}

/** Progress goes to stderr so stdout carries only the final table. */
export function progress(message: string): void {
  progressSink(message);
}
