import type { SoakPlan } from './plan';
import type { Attempt, SendOutcome } from './sender';
import type { DeliveryTrace } from './sqs-fault-proxy';

/** What one injected fault left as evidence that it happened. */
export interface FaultEvidence {
  readonly label: string;
  /** What the fault did, e.g. "412 webhooks kept in S3, 412 swept". */
  readonly evidence: string;
  readonly produced: boolean;
}

export interface RunFacts {
  readonly plan: SoakPlan;
  readonly outcomes: readonly SendOutcome[];
  readonly traces: ReadonlyMap<string, DeliveryTrace>;
  /** Comments the bot posted during the run, by event identity. */
  readonly comments: ReadonlyMap<string, number>;
  /** Bot comments during the run that carry no identity the run sent. */
  readonly strayComments: number;
  /** Events parked in the dead-letter queue before the final redrive. */
  readonly parkedAtEnd: readonly string[];
  /** Events the redrive after the reinstall moved back from the dead-letter queue. */
  readonly parkedByRefusal: readonly string[];
  /** Events still in the dead-letter queue after the final redrive. */
  readonly parkedAfter: readonly string[];
  readonly queueDepthAfter: number;
  /** Webhooks still kept in the bucket (`undelivered/`) at the end. */
  readonly keptAfter: number | { readonly listingFailed: string };
  readonly faults: readonly FaultEvidence[];
}

interface CheckResult {
  readonly name: string;
  readonly failures: number;
  /** A few failing examples, for the report. */
  readonly examples: string[];
}

export interface Verdict {
  readonly lost: string[];
  readonly doubled: string[];
  readonly checks: CheckResult[];
  readonly counts: Readonly<Record<string, number>>;
}

type Labelled = Attempt & { readonly request: SendOutcome['request'] };

function check(name: string, items: Iterable<string>): CheckResult {
  const all = [...items];
  return { name, failures: all.length, examples: all.slice(0, 3) };
}

const label = (a: Labelled) => `#${a.request.index} (${a.request.variant}) delivery ${a.deliveryId} -> ${a.status}`;
const is2xx = (a: Attempt) => a.status >= 200 && a.status < 300;
const failed = (a: Attempt) => a.status === 0 || a.status >= 500;

/**
 * How a 2xx was made durable: SQS acknowledged its message before the answer (`queued`), or only
 * after it, which only the sweeper does, from the bucket ingest kept it in (`kept`); `none` if SQS
 * never took it. The bucket keeps a webhook under the SHA-256 of its body (s3-payloads.ts), so
 * identical copies kept at once are one object, swept once under the last copy's delivery id:
 * a copy counts as kept when any delivery of the same bytes (`sameBytes`) reached SQS.
 */
export function durability(
  a: Attempt,
  traces: ReadonlyMap<string, DeliveryTrace>,
  sameBytes: readonly string[] = [],
): 'queued' | 'kept' | 'none' {
  const acknowledgedAt = traces.get(a.deliveryId)?.firstAcknowledgedAt;
  if (acknowledgedAt !== undefined) return acknowledgedAt <= a.at ? 'queued' : 'kept';
  return sameBytes.some((id) => traces.get(id)?.firstAcknowledgedAt !== undefined) ? 'kept' : 'none';
}

/** Every delivery id sent with each event's bytes (valid and duplicate requests, re-sends included). */
export function deliveriesByEvent(outcomes: readonly SendOutcome[]): Map<string, string[]> {
  const byEvent = new Map<string, string[]>();
  for (const outcome of outcomes) {
    const { identity, kind } = outcome.request;
    if (!identity || !(kind === 'valid' || kind === 'duplicate')) continue;
    byEvent.set(identity, [...(byEvent.get(identity) ?? []), ...outcome.attempts.map((a) => a.deliveryId)]);
  }
  return byEvent;
}

/** Compares what was sent and answered with what the simulator and the queues hold at the end. */
export function evaluate(facts: RunFacts): Verdict {
  const { plan, outcomes, traces, comments } = facts;
  const count = (identity: string | undefined) => (identity ? (comments.get(identity) ?? 0) : 0);
  const goods = outcomes.filter((o) => o.request.kind === 'valid' || o.request.kind === 'duplicate');
  const bads = outcomes.filter((o) => o.request.kind === 'bad-signature' || o.request.kind === 'malformed');
  const attempts = (list: readonly SendOutcome[]): Labelled[] =>
    list.flatMap((o) => o.attempts.map((a) => ({ ...a, request: o.request })));
  const accepted = new Set(goods.filter((o) => o.attempts.some(is2xx)).map((o) => o.request.identity ?? ''));
  const parkedAfter = new Set(facts.parkedAfter);
  const lost = [...accepted].filter((identity) => count(identity) === 0 && !parkedAfter.has(identity));
  const doubled = [...comments].filter(([, times]) => times > 1).map(([identity]) => identity);
  const parkedAtEnd = new Set(facts.parkedAtEnd);
  const acceptedPoison = [...accepted].filter((identity) => plan.poison.has(identity));
  const sameBytes = deliveriesByEvent(goods);
  const ways = attempts(goods)
    .filter(is2xx)
    .map((a) => ({ a, way: durability(a, traces, sameBytes.get(a.request.identity ?? '')) }));

  const checks = [
    check(
      'valid and duplicate events were answered 200 in the end',
      goods
        .filter((o) => !o.attempts.some(is2xx))
        .map((o) => `#${o.request.index}: ${o.attempts.map((a) => a.status)}`),
    ),
    check(
      'bad requests got their 4xx (401 bad signature, 400 malformed) on the first try',
      bads
        .filter((o) => o.attempts.length !== 1 || o.attempts[0].status !== o.request.expect)
        .map((o) => `#${o.request.index} ${o.request.kind}/${o.request.variant}: ${o.attempts.map((a) => a.status)}`),
    ),
    check(
      'bad requests never reached the queue',
      attempts(bads)
        .filter((a) => traces.has(a.deliveryId))
        .map(label),
    ),
    check(
      'bad requests produced no side effect',
      [...plan.mustNotExist].filter((id) => count(id) > 0),
    ),
    check(
      'every 2xx was durable: in SQS before the answer, or kept in the bucket and queued by the sweeper',
      ways.filter(({ way }) => way === 'none').map(({ a }) => label(a)),
    ),
    check(
      'the sweeper emptied the bucket: no webhook is still kept in undelivered/',
      typeof facts.keptAfter === 'number'
        ? facts.keptAfter > 0
          ? [`${facts.keptAfter} kept webhook(s) left`]
          : []
        : [`the bucket could not be listed: ${facts.keptAfter.listingFailed}`],
    ),
    check(
      'no 5xx: the bucket took every webhook SQS refused (ingest answers 503 only when both refuse)',
      attempts(goods).filter(failed).map(label),
    ),
    check('no 2xx event is missing its side effect', lost),
    check('no side effect for an event nobody sent', facts.strayComments > 0 ? [`${facts.strayComments} stray`] : []),
    check(
      'every accepted poison event was parked in the dead-letter queue',
      acceptedPoison.filter((id) => !parkedAtEnd.has(id)),
    ),
    check(
      'every event parked by the refusal had its one side effect after the redrive',
      facts.parkedByRefusal.filter((id) => count(id) !== 1),
    ),
    check(
      'every event parked at the end (poison or not) had its one side effect after the final redrive',
      facts.parkedAtEnd.filter((id) => count(id) !== 1),
    ),
    check(
      'event queue and dead-letter queue are empty after the final redrive',
      facts.queueDepthAfter + facts.parkedAfter.length > 0
        ? [`queue ${facts.queueDepthAfter}, dead-letter ${facts.parkedAfter.length}`]
        : [],
    ),
    ...facts.faults.map((fault) => check(`fault produced: ${fault.label}`, fault.produced ? [] : [fault.evidence])),
  ];

  const all = attempts(outcomes);
  const counts = {
    sent: outcomes.length,
    attempts: all.length,
    resends: all.length - outcomes.length,
    distinct: plan.distinct.size,
    duplicates: outcomes.filter((o) => o.request.kind === 'duplicate').length,
    accepted: goods.filter((o) => o.attempts.some(is2xx)).length,
    acceptedQueued: ways.filter(({ way }) => way === 'queued').length,
    acceptedKept: ways.filter(({ way }) => way === 'kept').length,
    answered401: all.filter((a) => a.status === 401).length,
    answered400: all.filter((a) => a.status === 400).length,
    answered5xx: all.filter(failed).length,
    poison: plan.poison.size,
    parkedAtEnd: parkedAtEnd.size,
    parkedByRefusal: new Set(facts.parkedByRefusal).size,
  };
  return { lost, doubled, checks, counts };
}
