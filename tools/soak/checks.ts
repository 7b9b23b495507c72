import type { SoakPlan } from './plan';
import type { SendOutcome } from './sender';
import type { DeliveryTrace } from './sqs-fault-proxy';

export interface RunFacts {
  readonly plan: SoakPlan;
  readonly outcomes: readonly SendOutcome[];
  readonly traces: ReadonlyMap<string, DeliveryTrace>;
  /** Comments the bot posted during the run, by event identity. */
  readonly comments: ReadonlyMap<string, number>;
  /** Bot comments during the run that carry no identity the run sent. */
  readonly strayComments: number;
  /** Identities of the messages in the dead-letter queue before the redrive. */
  readonly parked: readonly string[];
  readonly queueDepthAfter: number;
  readonly deadLetterDepthAfter: number;
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

/** The identity (`<work item id> <updated_at>`) of a queued body, as the soak app computes it. */
export function identityOfBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { data?: { id?: string; updated_at?: string } };
    return parsed.data?.id ? `${parsed.data.id} ${parsed.data.updated_at ?? 'none'}` : undefined;
  } catch {
    return undefined;
  }
}

function check(name: string, items: Iterable<string>): CheckResult {
  const all = [...items];
  return { name, failures: all.length, examples: all.slice(0, 3) };
}

/** Compares what was sent and answered with what the simulator and the queues hold at the end. */
export function evaluate(facts: RunFacts): Verdict {
  const { plan, outcomes, traces, comments } = facts;
  const count = (identity: string | undefined) => (identity ? (comments.get(identity) ?? 0) : 0);
  const lost = [...plan.distinct].filter((identity) => count(identity) === 0);
  const doubled = [...plan.distinct].filter((identity) => count(identity) > 1);
  const goods = outcomes.filter((o) => o.request.kind === 'valid' || o.request.kind === 'duplicate');
  const bads = outcomes.filter((o) => o.request.kind === 'bad-signature' || o.request.kind === 'malformed');
  const attempts = (list: readonly SendOutcome[]) =>
    list.flatMap((o) => o.attempts.map((a) => ({ ...a, request: o.request })));
  const label = (a: { deliveryId: string; status: number; request: { index: number; variant: string } }) =>
    `#${a.request.index} (${a.request.variant}) delivery ${a.deliveryId} -> ${a.status}`;
  const accepted = goods.filter((o) => o.attempts.at(-1)?.status === 200);
  const parkedSet = new Set(facts.parked);
  const acceptedPoison = new Set(accepted.map((o) => o.request.identity ?? '').filter((id) => plan.poison.has(id)));

  const checks = [
    check(
      'valid and duplicate events were answered 200 in the end',
      goods
        .filter((o) => o.attempts.at(-1)?.status !== 200)
        .map((o) => `#${o.request.index}: ${o.attempts.map((a) => a.status).join(',')}`),
    ),
    check(
      'bad requests got their 4xx (401 bad signature, 400 malformed) on the first try',
      bads
        .filter((o) => o.attempts.length !== 1 || o.attempts[0].status !== o.request.expect)
        .map(
          (o) =>
            `#${o.request.index} ${o.request.kind}/${o.request.variant}: ${o.attempts.map((a) => a.status).join(',')}`,
        ),
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
      'every 2xx was acknowledged by SQS (queued before the answer)',
      attempts(goods)
        .filter((a) => a.status >= 200 && a.status < 300 && (traces.get(a.deliveryId)?.acknowledged ?? 0) === 0)
        .map(label),
    ),
    check(
      'every failed enqueue was answered 5xx, never 2xx',
      attempts(goods)
        .filter(
          (a) =>
            traces.has(a.deliveryId) && traces.get(a.deliveryId)?.acknowledged === 0 && a.status > 0 && a.status < 500,
        )
        .map(label),
    ),
    check(
      'every 5xx is explained by an injected SQS failure',
      attempts(goods)
        .filter((a) => (a.status === 0 || a.status >= 500) && (traces.get(a.deliveryId)?.refused ?? 0) === 0)
        .map(label),
    ),
    check(
      'no 2xx event is missing its side effect',
      accepted.filter((o) => count(o.request.identity) === 0).map((o) => `#${o.request.index} ${o.request.identity}`),
    ),
    check(
      'no side effect for an event nobody sent',
      facts.strayComments > 0 ? [`${facts.strayComments} stray comment(s)`] : [],
    ),
    check(
      'every accepted poison event was parked in the dead-letter queue',
      [...acceptedPoison].filter((id) => !parkedSet.has(id)),
    ),
    check(
      'only poison events were parked',
      facts.parked.filter((id) => !plan.poison.has(id)),
    ),
    check(
      'every poison event had its one side effect after the redrive',
      [...plan.poison].filter((id) => count(id) !== 1),
    ),
    check(
      'event queue and dead-letter queue are empty after the redrive',
      facts.queueDepthAfter + facts.deadLetterDepthAfter > 0
        ? [`queue ${facts.queueDepthAfter}, dead-letter ${facts.deadLetterDepthAfter}`]
        : [],
    ),
  ];

  const all = attempts(outcomes);
  const counts = {
    sent: outcomes.length,
    attempts: all.length,
    resends: all.length - outcomes.length,
    distinct: plan.distinct.size,
    duplicates: outcomes.filter((o) => o.request.kind === 'duplicate').length,
    accepted: accepted.length,
    answered401: all.filter((a) => a.status === 401).length,
    answered400: all.filter((a) => a.status === 400).length,
    answered5xx: all.filter((a) => a.status >= 500 || a.status === 0).length,
    queuedButAnswered5xx: attempts(goods).filter((a) => a.status >= 500 && (traces.get(a.deliveryId)?.queued ?? 0) > 0)
      .length,
    poison: plan.poison.size,
    parkedDistinct: parkedSet.size,
  };
  return { lost, doubled, checks, counts };
}
