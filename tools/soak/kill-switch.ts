import type { SQSRecord } from 'aws-lambda';
import { QueuedEventAttributeNames } from '../../lambdas/core/queued-event';
import type { Rng } from './prng';

export interface KillSwitch {
  /** The local poller's `abandonInvocation` hook: true drops this invocation's result. */
  abandon(records: readonly SQSRecord[]): boolean;
  /** Drops each invocation's result with probability `share` (0 turns the switch off). */
  set(share: number): void;
  readonly killed: { invocations: number; records: number; readonly identities: Set<string> };
}

/**
 * The processor killed mid-batch: while on, a share of invocations lose their result after their
 * handlers ran, so nothing is deleted or reported and every record comes back after the
 * visibility timeout. Remembers the events they carried (by dedup key) for the latency table.
 */
export function createKillSwitch(rng: Rng, identityOf: (dedupKey: string) => string | undefined): KillSwitch {
  let share = 0;
  const killed = { invocations: 0, records: 0, identities: new Set<string>() };
  return {
    abandon(records) {
      if (share <= 0 || rng.next() >= share) return false;
      killed.invocations += 1;
      killed.records += records.length;
      for (const record of records) {
        const identity = identityOf(record.messageAttributes?.[QueuedEventAttributeNames.dedupKey]?.stringValue ?? '');
        if (identity) killed.identities.add(identity);
      }
      return true;
    },
    set(value) {
      share = value;
    },
    killed,
  };
}
