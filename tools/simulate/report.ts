import type { SimulationResult } from './run';

const COLUMNS: Array<[title: string, value: (r: SimulationResult) => string | number]> = [
  ['installations', (r) => r.installations],
  ['limit', (r) => r.limitKey],
  ['token life', (r) => `${r.tokenLifetimeS / 3600} h`],
  ['events', (r) => r.events],
  ['grants/h (mean, peak)', (r) => `${Math.round(r.grants / r.hours)}, ${r.grantsPeakHour}`],
  ['token 429s', (r) => r.tokenEndpoint429s],
  ['delay p50 / p99 / max (s)', (r) => `${r.delayP50S} / ${r.delayP99S} / ${r.delayMaxS}`],
  ['lost', (r) => r.lost],
  ['parked (for a token)', (r) => `${r.parked} (${r.parkedForToken})`],
  ['unfinished', (r) => r.unfinished],
  ['DynamoDB req/event', (r) => r.dynamoRequestsPerEvent],
];

/** Simulation results as a Markdown table, one row each. */
export function resultTable(results: readonly SimulationResult[]): string {
  const header = `| ${COLUMNS.map(([title]) => title).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => ' --- ').join('|')}|`;
  const rows = results.map((result) => `| ${COLUMNS.map(([, value]) => value(result)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

/** The keys scripts read (`--json`) first, in a fixed order, then `extra`, then the rest of the result. */
const SCRIPT_KEYS = [
  'installations',
  'limitKey',
  'tokenLifetimeS',
  'events',
  'grants',
  'tokenEndpoint429s',
  'delayP50S',
  'delayP99S',
  'delayMaxS',
  'lost',
  'parked',
  'dynamoRequestsPerEvent',
] as const satisfies ReadonlyArray<keyof SimulationResult>;

/** One result as the single JSON object `--json` prints. */
export function resultJson(result: SimulationResult, extra: Record<string, unknown> = {}): string {
  const ordered = Object.fromEntries(SCRIPT_KEYS.map((key) => [key, result[key]]));
  return JSON.stringify({ ...ordered, ...extra, ...result });
}
