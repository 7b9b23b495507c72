import { type CostInputs, estimateCost } from './cost';
import { type EventKind, TRAFFIC_CASES } from './event-kinds';
import type { IngestKindResults } from './ingest-kinds';
import type { ProcessorKindFigures } from './processor';
import { round } from './stats';

/** What every kind shares: the stack's memory sizes, batch size and log settings. */
export interface CostSetting {
  readonly ingestMemoryMb: number;
  readonly processorMemoryMb: number;
  readonly batchSize: number;
  readonly accessLogBytes: number;
  readonly platformLogLines: boolean;
}

/** One traffic case priced: per million webhooks, and kind by kind. */
export interface CaseCost {
  readonly name: string;
  readonly total: number;
  /** CloudWatch Logs bytes per webhook, all sources included. */
  readonly logBytesPerWebhook: number;
  readonly enqueuedShare: number;
  readonly kinds: ReadonlyArray<{
    readonly kind: EventKind;
    readonly share: number;
    /** A million webhooks of this kind alone. */
    readonly total: number;
    readonly logBytesPerWebhook: number;
    readonly enqueuedShare: number;
  }>;
}

/** The cost inputs of a million webhooks of one kind, from what ingest and the processor measured for it. */
export function kindInputs(
  kind: EventKind,
  ingest: IngestKindResults,
  processor: Readonly<Record<EventKind, ProcessorKindFigures>>,
  setting: CostSetting,
): CostInputs {
  return {
    ...setting,
    ingestMs: ingest[kind].meanMs,
    enqueuedShare: ingest[kind].enqueuedShare,
    processorMsPerEvent: processor[kind].msPerEvent,
    bodyBytes: ingest[kind].bodyBytes,
    ingestLogBytesPerEvent: ingest[kind].logBytes,
    processorLogBytesPerEvent: processor[kind].logBytesPerEvent,
    dynamoWritesPerEvent: processor[kind].dynamoWritesPerEvent,
    dynamoReadsPerEvent: processor[kind].dynamoReadsPerEvent,
  };
}

/**
 * Prices each traffic case as the share-weighted sum of its kinds, each kind priced on its own
 * (its own billed ms, batches of its own events).
 */
export function priceCases(
  ingest: IngestKindResults,
  processor: Readonly<Record<EventKind, ProcessorKindFigures>>,
  setting: CostSetting,
): CaseCost[] {
  return TRAFFIC_CASES.map(({ name, mix }) => {
    const kinds = mix.map(({ kind, share }) => {
      const inputs = kindInputs(kind, ingest, processor, setting);
      const { total, logBytesPerEvent } = estimateCost(inputs);
      return { kind, share, total, logBytesPerWebhook: logBytesPerEvent, enqueuedShare: inputs.enqueuedShare };
    });
    const sum = (pick: (kind: (typeof kinds)[number]) => number) =>
      kinds.reduce((total, kind) => total + kind.share * pick(kind), 0);
    return {
      name,
      total: sum((kind) => kind.total),
      logBytesPerWebhook: round(
        sum((kind) => kind.logBytesPerWebhook),
        0,
      ),
      enqueuedShare: round(
        sum((kind) => kind.enqueuedShare),
        3,
      ),
      kinds,
    };
  });
}

/** The lines scripts read from `npm run bench` (exact text). */
export function machineLines(cases: readonly CaseCost[]): string[] {
  const dollars = (value: number) => `$${value.toFixed(2)}`;
  const handled = cases.find((entry) => entry.name === 'all handled');
  return [
    ...cases.map((entry) => `cost per million, ${entry.name}: ${dollars(entry.total)}`),
    `log bytes per handled event: ${Math.round(handled?.logBytesPerWebhook ?? Number.NaN)}`,
  ];
}
