/** Accept-to-processed latency of one group of events. */
export interface LatencyRow {
  readonly label: string;
  /** Events of the group that were accepted and processed. */
  readonly events: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly maxMs?: number;
}

/** When each event was first answered 200, and when its handler's side effect was made. */
export interface EventTimes {
  readonly acceptedAt: ReadonlyMap<string, number>;
  readonly processedAt: ReadonlyMap<string, number>;
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The events pending (accepted, not yet processed) at some moment of one of `spans`. */
export function pendingDuring(times: EventTimes, spans: ReadonlyArray<{ fromMs: number; toMs: number }>): Set<string> {
  const pending = new Set<string>();
  for (const [identity, acceptedAt] of times.acceptedAt) {
    const processedAt = times.processedAt.get(identity);
    if (processedAt === undefined) continue;
    if (spans.some((span) => acceptedAt <= span.toMs && processedAt >= span.fromMs)) pending.add(identity);
  }
  return pending;
}

/**
 * p50/p99/max of accept to processed for each group, and a first row for the events in none of
 * them ("no fault"): what each fault costs an event it touches, against the run's baseline.
 */
export function latencyRows(times: EventTimes, groups: ReadonlyArray<readonly [string, ReadonlySet<string>]>) {
  const row = (label: string, identities: Iterable<string>): LatencyRow => {
    const values: number[] = [];
    for (const identity of identities) {
      const acceptedAt = times.acceptedAt.get(identity);
      const processedAt = times.processedAt.get(identity);
      if (acceptedAt !== undefined && processedAt !== undefined) values.push(processedAt - acceptedAt);
    }
    values.sort((a, b) => a - b);
    return {
      label,
      events: values.length,
      p50Ms: percentile(values, 50),
      p99Ms: percentile(values, 99),
      maxMs: values.at(-1),
    };
  };
  const touched = new Set(groups.flatMap(([, identities]) => [...identities]));
  const untouched = [...times.acceptedAt.keys()].filter((identity) => !touched.has(identity));
  return [row('no fault', untouched), ...groups.map(([label, identities]) => row(label, identities))];
}
