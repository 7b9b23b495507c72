import type { Logger } from '../core/logger';

/** What the processor last logged about one event. */
interface TrailEntry {
  readonly message: string;
  /** The skip reason (`unknown_installation`, `unhandled`, ...), when there is one. */
  readonly reason?: string;
}

export interface EventTrail {
  /** The logger to give the processor: it logs through to `log` and remembers each event's last line. */
  readonly log: Logger;
  get(dedupKey: string): TrailEntry | undefined;
}

/**
 * Remembers the last line the processor logged for each recent dedup key, so a local tool
 * (`npm run doctor -- --local`) can see that an event reached the processor, as it searches the
 * processor's log group on AWS. Keeps the newest `limit` keys.
 */
export function createEventTrail(log: Logger, limit = 500): EventTrail {
  const entries = new Map<string, TrailEntry>();
  const note = (bound: Record<string, unknown>, message: string, fields?: Record<string, unknown>) => {
    const key = fields?.dedupKey ?? bound.dedupKey;
    if (typeof key !== 'string') return;
    entries.delete(key);
    entries.set(key, { message, reason: typeof fields?.reason === 'string' ? fields.reason : undefined });
    if (entries.size > limit) entries.delete(entries.keys().next().value as string);
  };
  const wrap = (inner: Logger, bound: Record<string, unknown>): Logger => ({
    debug: (message, fields) => inner.debug(message, fields),
    info: (message, fields) => {
      note(bound, message, fields);
      inner.info(message, fields);
    },
    warn: (message, fields) => {
      note(bound, message, fields);
      inner.warn(message, fields);
    },
    error: (message, fields) => {
      note(bound, message, fields);
      inner.error(message, fields);
    },
    child: (fields) => wrap(inner.child(fields), { ...bound, ...fields }),
  });
  return { log: wrap(log, {}), get: (dedupKey) => entries.get(dedupKey) };
}
