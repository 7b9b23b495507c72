import { deliveriesByEvent, durability, type FaultEvidence } from './checks';
import type { FaultKind, FaultSpan } from './fault-director';
import type { KillSwitch } from './kill-switch';
import { type EventTimes, pendingDuring } from './latency';
import { overtaken } from './ledger';
import type { SoakPlan } from './plan';
import type { SendOutcome } from './sender';
import type { DeliveryTrace } from './sqs-fault-proxy';

export interface EvidenceInput {
  readonly plan: SoakPlan;
  readonly times: EventTimes;
  readonly windows: readonly FaultSpan[];
  readonly killed: KillSwitch['killed'];
  /** A metric's total, by `Name` or `Name|Dimension=value`. */
  readonly metric: (key: string) => number;
  readonly tokenRequests: ReadonlyArray<{ readonly status: number; readonly error?: string }>;
  readonly outcomes: readonly SendOutcome[];
  readonly traces: ReadonlyMap<string, DeliveryTrace>;
  readonly parkedByRefusal: ReadonlySet<string>;
  /** SendMessage calls the proxy failed while SQS was down. */
  readonly sqsRefusals: number;
}

/** The events with a 200 that only the bucket made durable (SQS took them from the sweeper, later). */
function keptInBucket(outcomes: readonly SendOutcome[], traces: ReadonlyMap<string, DeliveryTrace>): Set<string> {
  const kept = new Set<string>();
  const sameBytes = deliveriesByEvent(outcomes);
  for (const outcome of outcomes) {
    const identity = outcome.request.identity;
    for (const attempt of outcome.attempts)
      if (attempt.status === 200 && identity && durability(attempt, traces, sameBytes.get(identity)) === 'kept')
        kept.add(identity);
  }
  return kept;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** What each planned fault left behind: each must have happened for the run to count. */
export function faultEvidence(input: EvidenceInput): FaultEvidence[] {
  const { plan, metric, killed } = input;
  const kept = keptInBucket(input.outcomes, input.traces);
  const sizes = input.outcomes.filter((o) => o.request.variant === 'large').map((o) => o.request.body.byteLength);
  const late = overtaken(plan.late, input.times.processedAt);
  const status500 = input.tokenRequests.filter((request) => request.status >= 500).length;
  const refusals = input.tokenRequests.filter((request) => request.error === 'invalid_grant').length;
  const inProgress = metric('EventRetried|Reason=claim_in_progress');
  return [
    {
      label: 'SQS down (ingest keeps webhooks in S3, the sweeper re-enqueues)',
      evidence:
        `${input.sqsRefusals} sends refused; ${kept.size} events kept in the bucket, ` +
        `${metric('OverflowSwept')} swept`,
      produced: input.sqsRefusals > 0 && kept.size > 0,
    },
    {
      label: 'processor killed mid-batch (result dropped, records back after the visibility timeout)',
      evidence: `${killed.invocations} invocations, ${killed.records} records, ${killed.identities.size} events`,
      produced: killed.invocations > 0,
    },
    {
      label: 'copies at once to several processors (claim in progress)',
      evidence: `${plan.bursts.size} bursts; ${inProgress} copies met another processor's claim`,
      produced: inProgress > 0,
    },
    {
      label: 'token endpoint 500s',
      evidence: `${status500} token requests answered 500; ${metric('TokenGrantFailed')} failed grants`,
      produced: status500 > 0,
    },
    {
      label: 'grant refused (invalid_grant), confirmed, reinstall, redrive',
      evidence:
        `${refusals} invalid_grant; ${metric('EventParked|Reason=reinstall_needed')} parks; ` +
        `${input.parkedByRefusal.size} events redriven`,
      produced: refusals >= 2 && input.parkedByRefusal.size > 0,
    },
    {
      label: 'out-of-order delivery',
      evidence: `${plan.late.size} events held back; ${late.length} processed after a newer event of their work item`,
      produced: late.length > 0,
    },
    {
      label: 'bodies of 300 KB to 3 MB (claim check)',
      evidence: sizes.length
        ? `${plan.large.size} events, ${kb(Math.min(...sizes))} to ${kb(Math.max(...sizes))}; ` +
          `${metric('WebhookOffloaded')} offloaded`
        : 'none planned',
      produced: metric('WebhookOffloaded') > 0,
    },
  ];
}

/** The latency table's groups: events each fault touched. */
export function latencyGroups(input: EvidenceInput): Array<[string, Set<string>]> {
  const during = (kind: FaultKind) =>
    pendingDuring(
      input.times,
      input.windows.filter((w) => w.kind === kind),
    );
  const { plan } = input;
  const poison = new Set(plan.poison);
  return [
    ['SQS down: kept in S3, swept later', keptInBucket(input.outcomes, input.traces)],
    ['in an invocation killed mid-batch', new Set(input.killed.identities)],
    ['pending during Plane API 429/500', during('plane-api')],
    ['pending during token endpoint 500s', during('token-5xx')],
    ['pending during refusal to redrive', during('refusal')],
    ['copies sent at once (burst)', new Set(plan.bursts)],
    ['held back (out of order)', new Set(plan.late)],
    ['large body (claim check)', new Set(plan.large)],
    ['poison (until the final redrive)', poison],
  ];
}
