import { parseArgs } from 'node:util';
import type { SimulationConfig } from './run';

/** What `npm run simulate` was asked to do. */
export interface SimulateArgs {
  readonly config: Omit<SimulationConfig, 'tokenManager'>;
  readonly json: boolean;
  readonly ceiling: boolean;
  /** Runs the table: 1k, 3k, 10k, 30k installations under both limit keys and both lifetimes. */
  readonly table: boolean;
  /** `--help`: print USAGE and nothing else. */
  readonly help: boolean;
}

export const USAGE = `npm run simulate -- [options]
  --installations N      workspaces that installed the app (default 10000)
  --limit-key app|ip     Plane's token limit per app (default) or per source IP
  --token-lifetime S     expires_in of bot tokens, seconds (default 36000)
  --hours H              measured simulated hours (default 24), after --warmup-hours (default 24)
  --events-per-day E     mean events per workspace a day (default 20)
  --zipf S               Zipf exponent of activity across workspaces (default 1)
  --daily-amplitude A    depth of the daily cycle, 0..1 (default 0.8)
  --calls-per-event C    Plane API calls a handler makes per event (default 2)
  --concurrency M        most processor instances at once (default 50)
  --egress-ips K         egress IPs the instances share, for --limit-key ip (default: --concurrency)
  --duplicates R         share of events Plane sends twice (default 0.01)
  --seed S               (default 1)
  --ceiling              search the largest installation count whose p99 delay stays under 60 s
  --table                1k, 3k, 10k, 30k installations x both limit keys x 10 h and 24 h tokens
  --json                 print one JSON object, nothing else, on stdout (use npm run -s, or npm prints its banner)
  --help                 this text`;

/** Reads and checks the flags; throws an Error that names the bad flag. */
export function readSimulateArgs(argv: string[] = process.argv.slice(2)): SimulateArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      installations: { type: 'string' },
      'limit-key': { type: 'string' },
      'token-lifetime': { type: 'string' },
      hours: { type: 'string' },
      'warmup-hours': { type: 'string' },
      'events-per-day': { type: 'string' },
      zipf: { type: 'string' },
      'daily-amplitude': { type: 'string' },
      'calls-per-event': { type: 'string' },
      concurrency: { type: 'string' },
      'egress-ips': { type: 'string' },
      duplicates: { type: 'string' },
      seed: { type: 'string' },
      ceiling: { type: 'boolean', default: false },
      table: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (name: keyof typeof values, fallback: number, check: (n: number) => boolean, rule: string) => {
    const raw = values[name];
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(parsed) || !check(parsed)) throw new Error(`--${name} must be ${rule}, got "${raw}"`);
    return parsed;
  };
  const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;
  const limitKey = values['limit-key'] ?? 'app';
  if (limitKey !== 'app' && limitKey !== 'ip') throw new Error(`--limit-key must be app or ip, got "${limitKey}"`);
  const concurrency = number('concurrency', 50, positiveInt, 'a positive integer');
  return {
    config: {
      installations: number('installations', 10_000, positiveInt, 'a positive integer'),
      limitKey,
      tokenLifetimeS: number('token-lifetime', 36_000, positiveInt, 'a positive integer'),
      hours: number('hours', 24, positiveInt, 'a positive integer'),
      warmupHours: number('warmup-hours', 24, (n) => n >= 0, 'zero or more'),
      eventsPerInstallationPerDay: number('events-per-day', 20, (n) => n > 0, 'more than 0'),
      zipfExponent: number('zipf', 1, (n) => n >= 0, 'zero or more'),
      dailyAmplitude: number('daily-amplitude', 0.8, (n) => n >= 0 && n < 1, 'in [0, 1)'),
      callsPerEvent: number('calls-per-event', 2, (n) => Number.isInteger(n) && n >= 0, 'zero or more'),
      maxConcurrency: concurrency,
      egressIps: number('egress-ips', concurrency, positiveInt, 'a positive integer'),
      duplicateRate: number('duplicates', 0.01, (n) => n >= 0 && n <= 1, 'in [0, 1]'),
      seed: number('seed', 1, positiveInt, 'a positive integer'),
    },
    json: values.json ?? false,
    ceiling: values.ceiling ?? false,
    help: values.help ?? false,
    table: values.table ?? false,
  };
}
