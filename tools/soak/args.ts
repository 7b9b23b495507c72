import { parseArgs } from 'node:util';

/** The options of `npm run soak`, checked: each count a positive integer. */
export function readSoakArgs(): { events: number; seed: number; concurrency: number; chart: string } {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      chart: { type: 'string', default: 'docs/soak-timeline.svg' },
    },
  });
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
    chart: values.chart ?? 'docs/soak-timeline.svg',
  };
}
