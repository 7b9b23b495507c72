import { dedupKeyOf } from '../../lambdas/core/envelope';
import { signBody } from '../../lambdas/core/signature';
import { pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { createEventFactory, type EventFactoryInput } from './event-factory';
import { holdBack } from './hold-back';

type RequestKind = 'valid' | 'duplicate' | 'bad-signature' | 'malformed';

/** One webhook request to send (and, if answered 5xx, to send again with a new delivery id). */
export interface PlannedRequest {
  readonly index: number;
  readonly kind: RequestKind;
  /** How a request is special (`wrong-secret`, `not-json`, `burst`, `late`, `large`, ...); `ok` otherwise. */
  readonly variant: string;
  readonly body: Buffer;
  /** `X-Plane-Signature`; omitted when undefined. */
  readonly signature?: string;
  /** `<work item id> <marker>` of the event the body carries, if it carries one. */
  readonly identity?: string;
  readonly expect: 200 | 400 | 401;
  /** Requests with the same burst number are sent at the same moment (copies of one event). */
  readonly burst?: number;
}

export interface SoakPlan {
  readonly requests: readonly PlannedRequest[];
  /** Identities of the distinct valid events: each must yield exactly one comment. */
  readonly distinct: ReadonlySet<string>;
  /** The distinct events the handler throws on while the crash switch is on. */
  readonly poison: ReadonlySet<string>;
  /** Identities only ever sent in bad requests: each must yield no comment. */
  readonly mustNotExist: ReadonlySet<string>;
  /** Events with a body of 300 KB to 3 MB (claim check). */
  readonly large: ReadonlySet<string>;
  /** Events sent as several copies at the same moment. */
  readonly bursts: ReadonlySet<string>;
  /** Events held back behind newer events of their work item. */
  readonly late: ReadonlySet<string>;
  /** Event identity by dedup key (what the queue's messages carry). */
  readonly identityOfKey: ReadonlyMap<string, string>;
}

export interface PlanInput extends EventFactoryInput {
  readonly count: number;
  readonly secret: string;
  /** Shares of the mix; the rest are distinct valid events. */
  readonly shares?: Partial<typeof DEFAULT_SHARES>;
}

const DEFAULT_SHARES = {
  duplicate: 0.2,
  badSignature: 0.05,
  malformed: 0.02,
  /** Of the valid events: */
  poison: 0.01,
  large: 0.005,
  burst: 0.02,
  late: 0.03,
};
const LARGE_BYTES = { min: 300_000, max: 2_900_000 };

/**
 * Builds the run: bodies exactly as Plane sends them (v1 envelope, Python `json.dumps` bytes,
 * signed with the webhook secret), a seeded mix of duplicates (later, or several at the same
 * moment), bad signatures, malformed bodies, poison events, large bodies and late events.
 */
export function buildPlan(input: PlanInput): SoakPlan {
  const { rng, secret } = input;
  const shares = { ...DEFAULT_SHARES, ...input.shares };
  const fresh = createEventFactory(input);
  const requests: Array<Omit<PlannedRequest, 'index'>> = [];
  const sentValid: Array<Omit<PlannedRequest, 'index'>> = [];
  const sets = { distinct: new Set<string>(), poison: new Set<string>(), mustNotExist: new Set<string>() };
  const special = { large: new Set<string>(), bursts: new Set<string>(), late: new Set<string>() };
  const identityOfKey = new Map<string, string>();
  let bursts = 0;
  const signed = (text: string) => {
    const body = Buffer.from(text, 'utf8');
    return { body, signature: signBody(body, secret) };
  };

  while (requests.length < input.count) {
    const draw = rng.next();
    if (draw < shares.duplicate && sentValid.length > 0) {
      requests.push({ ...rng.pick(sentValid), kind: 'duplicate', variant: 'same-bytes', burst: undefined });
    } else if (draw < shares.duplicate + shares.badSignature) {
      const { envelope, identity } = fresh();
      const { body, signature } = signed(pythonJsonDumps(envelope));
      const variant = rng.pick(['wrong-secret', 'tampered-body', 'missing', 'truncated'] as const);
      const bad = {
        'wrong-secret': { body, signature: signBody(body, `${secret}-old`) },
        'tampered-body': {
          body: Buffer.from(body.toString('utf8').replace('"priority": "', '"priority": "x'), 'utf8'),
          signature,
        },
        missing: { body, signature: undefined },
        truncated: { body, signature: signature.slice(0, 63) },
      }[variant];
      sets.mustNotExist.add(identity);
      requests.push({ kind: 'bad-signature', variant, ...bad, identity, expect: 401 });
    } else if (draw < shares.duplicate + shares.badSignature + shares.malformed) {
      const { envelope, identity } = fresh();
      const variant = rng.pick(['not-json', 'no-event', 'no-workspace'] as const);
      const { event: _event, workspace_id: _workspace, ...rest } = envelope;
      const text = {
        'not-json': pythonJsonDumps(envelope).slice(0, -7),
        'no-event': pythonJsonDumps({ workspace_id: envelope.workspace_id, ...rest }),
        'no-workspace': pythonJsonDumps({ event: envelope.event, ...rest }),
      }[variant];
      sets.mustNotExist.add(identity);
      requests.push({ kind: 'malformed', variant, ...signed(text), identity, expect: 400 });
    } else {
      const large = rng.next() < shares.large;
      const bytes = LARGE_BYTES.min + rng.int(LARGE_BYTES.max - LARGE_BYTES.min);
      const { envelope, identity } = fresh(large ? bytes : undefined);
      const inBurst = rng.next() < shares.burst;
      if (inBurst) bursts += 1;
      const burst = inBurst ? bursts : undefined;
      const late = burst === undefined && rng.next() < shares.late;
      const variant = burst ? 'burst' : late ? 'late' : large ? 'large' : 'ok';
      const request = {
        kind: 'valid' as const,
        variant,
        ...signed(pythonJsonDumps(envelope)),
        identity,
        expect: 200 as const,
      };
      sets.distinct.add(identity);
      identityOfKey.set(dedupKeyOf(request.body, {}), identity);
      if (rng.next() < shares.poison) sets.poison.add(identity);
      if (large) special.large.add(identity);
      if (late) special.late.add(identity);
      sentValid.push(request);
      requests.push({ ...request, burst });
      if (burst) {
        special.bursts.add(identity);
        // Two to four more copies, all sent with the original: several processors get them at once.
        const copies = 2 + rng.int(3);
        for (let copy = 0; copy < copies; copy += 1)
          requests.push({ ...request, kind: 'duplicate', variant: 'burst', burst });
      }
    }
  }
  const ordered = holdBack(requests, (request) => request.variant === 'late', rng);
  return {
    requests: ordered.map((request, index) => ({ ...request, index })),
    ...sets,
    ...special,
    identityOfKey,
  };
}
