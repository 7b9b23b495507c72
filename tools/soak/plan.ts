import { signBody } from '../../lambdas/core/signature';
import type { SimInstallation, SimUser, SimulatorData, SimWorkItem } from '../../lambdas/local/plane-simulator';
import { type PyJson, pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { isoTimestamp } from '../../lambdas/local/plane-simulator/format/timestamps';
import { workItemWebhookData } from '../../lambdas/local/plane-simulator/resources/work-items/serializer';
import { webhookEnvelope } from '../../lambdas/local/plane-simulator/webhooks/envelope';
import type { Rng } from './prng';

type RequestKind = 'valid' | 'duplicate' | 'bad-signature' | 'malformed';

/** One webhook request to send (and, if answered 5xx, to send again with a new delivery id). */
export interface PlannedRequest {
  readonly index: number;
  readonly kind: RequestKind;
  /** How a bad request is bad (`wrong-secret`, `not-json`, ...); `ok` otherwise. */
  readonly variant: string;
  readonly body: Buffer;
  /** `X-Plane-Signature`; omitted when undefined. */
  readonly signature?: string;
  /** `<work item id> <marker>` of the event the body carries, if it carries one. */
  readonly identity?: string;
  readonly expect: 200 | 400 | 401;
}

export interface SoakPlan {
  readonly requests: readonly PlannedRequest[];
  /** Identities of the distinct valid events: each must yield exactly one comment. */
  readonly distinct: ReadonlySet<string>;
  /** The distinct events the handler throws on while the crash switch is on. */
  readonly poison: ReadonlySet<string>;
  /** Identities only ever sent in bad requests: each must yield no comment. */
  readonly mustNotExist: ReadonlySet<string>;
}

export interface PlanInput {
  readonly count: number;
  readonly rng: Rng;
  readonly secret: string;
  readonly data: SimulatorData;
  readonly installation: SimInstallation;
  readonly actor: SimUser;
  readonly pool: readonly SimWorkItem[];
  /** Shares of the mix; the rest are distinct valid events. */
  readonly shares?: { duplicate: number; badSignature: number; malformed: number; poison: number };
}

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
/** Markers are `updated_at` values one millisecond apart from here, so each distinct event has its own bytes. */
const MARKER_BASE = Date.UTC(2031, 0, 1, 9, 0, 0);

/**
 * Builds the run: bodies exactly as Plane sends them (v1 envelope, Python `json.dumps` bytes,
 * signed with the webhook secret), a seeded mix of duplicates, bad signatures and malformed bodies.
 */
export function buildPlan(input: PlanInput): SoakPlan {
  const { rng, secret, data, installation, actor, pool } = input;
  const shares = input.shares ?? { duplicate: 0.2, badSignature: 0.05, malformed: 0.02, poison: 0.01 };
  const requests: PlannedRequest[] = [];
  const sentValid: PlannedRequest[] = [];
  const distinct = new Set<string>();
  const poison = new Set<string>();
  const mustNotExist = new Set<string>();
  let markers = 0;

  const freshEvent = (): { envelope: Record<string, PyJson>; identity: string } => {
    const item = rng.pick(pool);
    markers += 1;
    const marker = isoTimestamp(MARKER_BASE + markers);
    const created = rng.next() < 0.1;
    const priority = rng.pick(PRIORITIES);
    const fields = { ...workItemWebhookData(item, data), priority, updated_at: marker };
    const activity = created ? { actor } : { actor, field: 'priority', oldValue: item.priority, newValue: priority };
    const envelope = webhookEnvelope('issue', created ? 'created' : 'updated', installation, fields, activity);
    return { envelope, identity: `${item.id} ${marker}` };
  };
  const signed = (text: string) => {
    const body = Buffer.from(text, 'utf8');
    return { body, signature: signBody(body, secret) };
  };

  for (let index = 0; index < input.count; index += 1) {
    const draw = rng.next();
    if (draw < shares.duplicate && sentValid.length > 0) {
      const original = rng.pick(sentValid);
      requests.push({ ...original, index, kind: 'duplicate', variant: 'same-bytes' });
    } else if (draw < shares.duplicate + shares.badSignature) {
      const { envelope, identity } = freshEvent();
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
      mustNotExist.add(identity);
      requests.push({ index, kind: 'bad-signature', variant, ...bad, identity, expect: 401 });
    } else if (draw < shares.duplicate + shares.badSignature + shares.malformed) {
      const { envelope, identity } = freshEvent();
      const variant = rng.pick(['not-json', 'no-event', 'no-workspace'] as const);
      const { event: _event, workspace_id: _workspace, ...rest } = envelope;
      const text = {
        'not-json': pythonJsonDumps(envelope).slice(0, -7),
        'no-event': pythonJsonDumps({ workspace_id: envelope.workspace_id, ...rest }),
        'no-workspace': pythonJsonDumps({ event: envelope.event, ...rest }),
      }[variant];
      mustNotExist.add(identity);
      requests.push({ index, kind: 'malformed', variant, ...signed(text), identity, expect: 400 });
    } else {
      const { envelope, identity } = freshEvent();
      const request: PlannedRequest = {
        index,
        kind: 'valid',
        variant: 'ok',
        ...signed(pythonJsonDumps(envelope)),
        identity,
        expect: 200,
      };
      distinct.add(identity);
      if (rng.next() < shares.poison) poison.add(identity);
      sentValid.push(request);
      requests.push(request);
    }
  }
  return { requests, distinct, poison, mustNotExist };
}
