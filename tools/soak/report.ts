import type { Verdict } from './checks';
import type { LatencyRow } from './latency';

export interface ReportInput {
  readonly verdict: Verdict;
  readonly extra: ReadonlyArray<readonly [string, string | number]>;
  readonly timeline: readonly string[];
  readonly latency: readonly LatencyRow[];
  readonly errors: ReadonlyMap<string, number>;
  readonly warnings: ReadonlyMap<string, number>;
}

const row = (name: string, value: string | number) => `  ${name.padEnd(44)} ${String(value)}`;

/**
 * Prints the summary table, the checks, the logged errors, then `lost: N` and `doubled: N`. Returns true when all
 * passed.
 */
export function printReport(
  input: ReportInput,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): boolean {
  const { verdict } = input;
  const c = verdict.counts;
  write('');
  write('Soak summary');
  for (const [name, value] of [
    ['webhooks sent (first attempts)', c.sent],
    ['  distinct valid events', c.distinct],
    ['  duplicates (same bytes, new delivery id)', c.duplicates],
    ['HTTP attempts (incl. re-sends)', c.attempts],
    ['accepted (valid + duplicates answered 200)', c.accepted],
    ['  queued in SQS before the 200', c.acceptedQueued],
    ['  kept in S3 while SQS was down, swept later', c.acceptedKept],
    ['answered 401 (bad signature)', c.answered401],
    ['answered 400 (malformed, signed)', c.answered400],
    ['answered 5xx (queue and bucket refused)', c.answered5xx],
    ['re-sends after a 5xx', c.resends],
    ['poison events (distinct)', c.poison],
    ['parked by the refusal, redriven (distinct)', c.parkedByRefusal],
    ['parked at the end, redriven (distinct)', c.parkedAtEnd],
    ...input.extra,
  ] as Array<readonly [string, string | number]>) {
    write(row(name, value));
  }
  write('');
  write('Fault timeline');
  for (const line of input.timeline) write(`  ${line}`);
  write('');
  write('Accept to processed, by what the event met (p50 / p99 / max, seconds)');
  const sec = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(1));
  for (const line of input.latency)
    write(row(`${line.label} (${line.events})`, `${sec(line.p50Ms)} / ${sec(line.p99Ms)} / ${sec(line.maxMs)}`));
  write('');
  write('Checks');
  for (const result of verdict.checks) {
    write(
      `  ${result.failures === 0 ? 'ok  ' : 'FAIL'} ${result.name}${result.failures ? ` (${result.failures})` : ''}`,
    );
    for (const example of result.examples) write(`         e.g. ${example}`);
  }
  write('');
  write('Logged by the functions (errors, warnings)');
  for (const [level, map] of [
    ['error', input.errors],
    ['warn', input.warnings],
  ] as const) {
    for (const [message, times] of [...map].sort((a, b) => b[1] - a[1])) write(row(`${level}: ${message}`, times));
  }
  write('');
  for (const id of verdict.lost.slice(0, 5)) write(`  lost e.g. ${id}`);
  for (const id of verdict.doubled.slice(0, 5)) write(`  doubled e.g. ${id}`);
  write(`lost: ${verdict.lost.length}`);
  write(`doubled: ${verdict.doubled.length}`);
  return (
    verdict.lost.length === 0 && verdict.doubled.length === 0 && verdict.checks.every((result) => result.failures === 0)
  );
}
