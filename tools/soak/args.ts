import { parseArgs } from 'node:util';

/** The options of `npm run soak`. */
export interface SoakArgs {
  readonly events: number;
  readonly seed: number;
  /** Requests the sender keeps in flight. */
  readonly concurrency: number;
  /** Processor invocations at once (the local poller's loops, as Lambda scales out). */
  readonly processors: number;
  /** Webhooks sent per second (first attempts; a burst of copies counts once). */
  readonly rate: number;
  readonly chart: string;
}

/** What `npm run soak -- --help` prints. */
export const SOAK_USAGE = `npm run soak -- [options]
  --events N       webhooks to send (default 10000)
  --seed S         the plan's random seed (default 1)
  --concurrency N  requests the sender keeps in flight (default 8)
  --processors N   processor invocations at once, as Lambda scales out (default 4)
  --rate N         webhooks sent per second (default 40)
  --chart FILE     where the timeline SVG goes (default docs/soak-timeline.svg)
  --help           this text`;

/** The options of `npm run soak`, checked: each count a positive integer; undefined for --help. */
export function readSoakArgs(): SoakArgs | undefined {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      events: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      processors: { type: 'string' },
      rate: { type: 'string' },
      chart: { type: 'string', default: 'docs/soak-timeline.svg' },
    },
  });
  if (values.help) return undefined;
  const number = (name: string, value: string | undefined, fallback: number) => {
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new Error(`--${name} must be a positive integer, got "${value}"`);
    return parsed;
  };
  return {
    events: number('events', values.events, 10_000),
    seed: number('seed', values.seed, 1),
    concurrency: number('concurrency', values.concurrency, 8),
    processors: number('processors', values.processors, 4),
    rate: number('rate', values.rate, 40),
    chart: values.chart ?? 'docs/soak-timeline.svg',
  };
}
