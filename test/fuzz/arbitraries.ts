import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { pythonJson } from '../helpers/webhooks';
import { hmacHex } from './model';

/** Names that live on Object.prototype: the keys that break lookups in plain-object tables. */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

export const prototypeName = fc.constantFrom(...PROTOTYPE_NAMES);

const oddChar = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u0000',
  '\u001f',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
  'é',
  '\u{1f600}',
);

/** 1,000 to 40,000 characters: a short random stem repeated (cheap to generate, even at 100,000 runs). */
const longText = fc
  .tuple(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }), fc.integer({ min: 1_000, max: 40_000 }))
  .map(([stem, length]) => stem.repeat(Math.ceil(length / stem.length)).slice(0, length));

/** Any text: printable, any code point, lone surrogates, odd whitespace, prototype names, now and then very long. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string(), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: oddChar, maxLength: 20 }), weight: 2 },
  { arbitrary: prototypeName, weight: 2 },
  { arbitrary: longText, weight: 1 },
);

const hugeNumber = fc.constantFrom(
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-0',
  '1e-400',
  '1E+308',
  '9007199254740993',
  '0.0',
);

/** A JSON text nested `depth` levels deep (arrays or objects). */
const deepJson = fc
  .tuple(fc.integer({ min: 1, max: 5_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a": '.repeat(depth)}{}${'}'.repeat(depth)}`,
  );

/** An object whose keys are prototype names, e.g. `{"toString": 0}` (String() of it throws). */
const prototypeKeyedObject = fc
  .uniqueArray(fc.tuple(prototypeName, fc.jsonValue({ maxDepth: 1 })), {
    minLength: 1,
    maxLength: 3,
    selector: ([key]) => key,
  })
  .map(
    (entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`,
  );

/** The JSON text of any value: JSON values, any string, huge numbers, deep nesting, prototype-named keys. */
export const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 4 },
  { arbitrary: anyText.map((value) => JSON.stringify(value)), weight: 3 },
  { arbitrary: hugeNumber, weight: 1 },
  { arbitrary: deepJson, weight: 1 },
  { arbitrary: prototypeKeyedObject, weight: 2 },
  { arbitrary: fc.constantFrom('null', 'true', 'false', '{}', '[]', '""'), weight: 2 },
);

const EVENT_NAMES = [
  'issue',
  'issue_comment',
  'project',
  'cycle',
  'module',
  'agent_run_create',
  'agent_run_user_prompt',
  'workitem.created',
  'workitem.update',
  'a.b.c',
  '.',
  'x.',
  '.created',
  'issue.toString',
];
const ACTIONS = ['created', 'updated', 'deleted', 'create', 'update', 'delete', 'prompted'];

const asJson = (arbitrary: fc.Arbitrary<string>) => arbitrary.map((value) => JSON.stringify(value));
const nameText = (names: readonly string[]) =>
  fc.oneof(
    { arbitrary: asJson(fc.constantFrom(...names)), weight: 5 },
    { arbitrary: asJson(prototypeName), weight: 2 },
    { arbitrary: asJson(anyText), weight: 2 },
    { arbitrary: anyJsonText, weight: 1 },
  );
const idText = fc.oneof(
  { arbitrary: asJson(fc.uuid()), weight: 5 },
  { arbitrary: asJson(anyText), weight: 2 },
  { arbitrary: anyJsonText, weight: 1 },
);

/** `{...}` from entries of already-serialised values, with Python's or compact separators. */
function objectText(entries: ReadonlyArray<readonly [string, string]>, compact: boolean): string {
  const [comma, colon] = compact ? [',', ':'] : [', ', ': '];
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}${colon}${value}`).join(comma)}}`;
}

/** A record of optional serialised fields, as `[key, json]` entries in the record's key order. */
function fields(shape: Record<string, fc.Arbitrary<string>>, requiredKeys: string[] = []) {
  return fc
    .record(shape, { requiredKeys })
    .map((record) => Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const extraEntries = fc.array(
  fc.tuple(
    fc.oneof(
      prototypeName,
      fc.constantFrom('event', 'action', 'workspace_id', 'data', 'agent_run', 'type'),
      fc.string(),
    ),
    anyJsonText,
  ),
  { maxLength: 3 },
);

const dataText = fc
  .tuple(
    fields({
      id: idText,
      workspace_id: idText,
      action: nameText(ACTIONS),
      agent_run: fc.oneof(
        fields({ workspace: idText, id: idText }).map((entries) => objectText(entries, false)),
        anyJsonText,
      ),
      name: asJson(anyText),
    }),
    extraEntries,
    fc.boolean(),
  )
  .map(([entries, extra, compact]) => objectText([...entries, ...extra], compact));

/** Envelope-shaped JSON text: v1/v2/agent fields, each absent, right, wrong-typed or hostile. */
export const envelopeText: fc.Arbitrary<string> = fc
  .tuple(
    fields({
      event: nameText(EVENT_NAMES),
      action: nameText(ACTIONS),
      webhook_id: idText,
      workspace_id: idText,
      workspace: fc.oneof(
        fields({ id: idText }).map((entries) => objectText(entries, false)),
        anyJsonText,
      ),
      data: fc.oneof({ arbitrary: dataText, weight: 4 }, { arbitrary: anyJsonText, weight: 1 }),
      event_id: idText,
      agent_run: fc.oneof(
        fields({ id: idText, workspace: idText }).map((entries) => objectText(entries, false)),
        anyJsonText,
      ),
      type: fc.oneof(
        asJson(fc.constantFrom('agent_run', 'agent_run_activity')),
        asJson(prototypeName),
        prototypeKeyedObject,
        anyJsonText,
      ),
      activity: fc.oneof(
        fields({ actor: fields({ id: idText }).map((entries) => objectText(entries, false)) }).map((entries) =>
          objectText(entries, false),
        ),
        anyJsonText,
      ),
    }),
    extraEntries,
    fc.boolean(),
  )
  .map(([entries, extra, compact]) => objectText([...entries, ...extra], compact));

/** A plausible Plane v1 webhook (Python's json.dumps), with hostile event/action/workspace values now and then. */
export const planeEnvelopeText: fc.Arbitrary<string> = fc
  .record({
    event: fc.oneof({ arbitrary: fc.constantFrom(...EVENT_NAMES), weight: 4 }, prototypeName, anyText),
    action: fc.oneof({ arbitrary: fc.constantFrom(...ACTIONS), weight: 4 }, prototypeName, anyText),
    workspace: fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, anyText),
    name: anyText,
    agent: fc.boolean(),
  })
  .map(({ event, action, workspace, name, agent }) =>
    pythonJson(
      agent
        ? { type: 'agent_run', action, agent_run: { id: 'run-1', workspace }, workspace_id: workspace }
        : {
            event,
            action,
            webhook_id: 'b7e42a19-3c5d-4f80-9a26-8d1c0f4e7b53',
            workspace_id: workspace,
            data: { id: 'i-1', name },
            activity: { actor: { id: 'user-1' } },
          },
    ),
  );

/**
 * A valid v1 webhook padded to just under `limit` bytes, with one routing field (event, action or
 * workspace_id) up to 8 KB long: near the queue's 256 KB message limit once attributes are added.
 */
export function nearLimitEnvelopeText(limit: number): fc.Arbitrary<string> {
  return fc
    .record({
      field: fc.constantFrom('event', 'action', 'workspace_id'),
      length: fc.integer({ min: 1, max: 8_000 }),
      slack: fc.integer({ min: 0, max: 2_000 }),
    })
    .map(({ field, length, slack }) => {
      const envelope = (padding: number) =>
        pythonJson({
          event: 'issue',
          action: 'created',
          workspace_id: 'ws-1',
          [field]: 'x'.repeat(length),
          data: { id: 'i-1', description_html: 'p'.repeat(padding) },
        });
      return envelope(Math.max(0, limit - slack - envelope(0).length));
    });
}

/** Any body text a client could send: envelopes, JSON values, arbitrary text. */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: planeEnvelopeText, weight: 4 },
  { arbitrary: envelopeText, weight: 4 },
  { arbitrary: anyJsonText, weight: 1 },
  { arbitrary: anyText, weight: 1 },
);

const KNOWN_HEADERS = ['x-plane-event', 'x-plane-delivery', 'content-type', 'user-agent', 'cookie', 'content-length'];

const headerName = fc
  .oneof(
    { arbitrary: fc.mixedCase(fc.constantFrom(...KNOWN_HEADERS)), weight: 4 },
    { arbitrary: fc.string({ minLength: 1 }), weight: 2 },
    { arbitrary: prototypeName, weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1 }), weight: 1 },
  )
  .filter((name) => name.toLowerCase() !== 'x-plane-signature');

const headerValue = fc.oneof(
  { arbitrary: anyText, weight: 4 },
  { arbitrary: fc.uuid(), weight: 1 },
  {
    arbitrary: fc.constantFrom('issue', ' issue ', 'agent_run_create', 'application/json', 'Autopilot', ''),
    weight: 2,
  },
);

/** Other headers: unique by lower-cased name (as an HTTP API delivers them), never the signature. */
const otherHeaders = fc.uniqueArray(fc.tuple(headerName, headerValue), {
  maxLength: 8,
  selector: ([name]) => name.toLowerCase(),
});

type SignatureKind =
  | 'none'
  | 'correct'
  | 'upper'
  | 'padded'
  | 'prefixed'
  | 'other-secret'
  | 'other-bytes'
  | 'garbage'
  | 'empty';

interface SignatureSpec {
  readonly kind: SignatureKind;
  readonly secretIndex: number;
  /** The header name, in any case. */
  readonly name: string;
  readonly garbage: string;
  readonly pad: string;
}

const signatureSpec: fc.Arbitrary<SignatureSpec> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant<SignatureKind>('correct'), weight: 6 },
    { arbitrary: fc.constantFrom<SignatureKind>('upper', 'padded'), weight: 2 },
    {
      arbitrary: fc.constantFrom<SignatureKind>('none', 'prefixed', 'other-secret', 'other-bytes', 'garbage', 'empty'),
      weight: 4,
    },
  ),
  secretIndex: fc.nat(),
  name: fc.mixedCase(fc.constant('x-plane-signature')),
  garbage: anyText,
  pad: fc.string({ unit: oddChar, minLength: 1, maxLength: 3 }).filter((pad) => pad.trim() === ''),
});

function signatureFor(spec: SignatureSpec, bytes: Uint8Array, secrets: readonly string[]): string | undefined {
  const secret = secrets[spec.secretIndex % secrets.length];
  const good = hmacHex(secret, bytes);
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'correct':
      return good;
    case 'upper':
      return good.toUpperCase();
    case 'padded':
      return `${spec.pad}${good}${spec.pad}`;
    case 'prefixed':
      return `sha256=${good}`;
    case 'other-secret':
      return hmacHex(`${secret}-old`, bytes);
    case 'other-bytes':
      return hmacHex(secret, Buffer.concat([Buffer.from(bytes), Buffer.from(' ')]));
    case 'garbage':
      return spec.garbage;
    case 'empty':
      return '';
  }
}

type Transport = 'plain' | 'no-flag' | 'base64' | 'base64-invalid' | 'missing';

/** One webhook as an HTTP API hands it over: headers and body as carried, and the bytes the function must verify. */
export interface WebhookInput {
  readonly headers: Record<string, string | undefined>;
  readonly transport: Transport;
  /** `event.body`. */
  readonly body: string | undefined;
  /**
   * The bytes once the transport's encoding is undone (leniently for bad base64): what the signature is checked
   * against.
   */
  readonly delivered: Buffer;
}

const payload = fc.oneof(
  { arbitrary: bodyText.map((text) => ({ text })), weight: 8 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes: Buffer.from(bytes) })), weight: 1 },
);

const transport = fc.oneof(
  { arbitrary: fc.constantFrom<Transport>('plain', 'base64'), weight: 6 },
  { arbitrary: fc.constantFrom<Transport>('no-flag', 'base64-invalid', 'missing'), weight: 2 },
);

function carry(
  body: { text: string } | { bytes: Buffer },
  how: Transport,
): { body: string | undefined; delivered: Buffer } {
  const bytes = 'bytes' in body ? body.bytes : Buffer.from(body.text, 'utf8');
  switch (how) {
    case 'base64':
      return { body: bytes.toString('base64'), delivered: bytes };
    // Not base64 at all: the function decodes what it can, so that is what the signature must cover.
    case 'base64-invalid': {
      const text = 'text' in body ? body.text : bytes.toString('latin1');
      return { body: text, delivered: Buffer.from(text, 'base64') };
    }
    case 'missing':
      return { body: undefined, delivered: Buffer.alloc(0) };
    default: {
      const text = 'text' in body ? body.text : bytes.toString('utf8');
      return { body: text, delivered: Buffer.from(text, 'utf8') };
    }
  }
}

/** Abbreviates long strings and byte arrays so a counterexample near the 256 KB limit prints in a few lines. */
function summary(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string' && item.length > 300)
      return `${item.slice(0, 200)}…(${item.length} chars)…${item.slice(-60)}`;
    if (item && typeof item === 'object' && (item as { type?: unknown }).type === 'Buffer')
      return `<${(item as { data: number[] }).data.length} bytes>`;
    return item;
  });
}

/** Gives a generated case a short printout in fast-check's reports (the seed and path replay it exactly). */
export function printable<T extends object>(value: T): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => summary(value), enumerable: false });
  return value;
}

/** Webhooks of every kind, signed (or not, or wrongly) with one of `secrets`, biased towards correctly signed ones. */
export function webhookInput(
  secrets: readonly string[],
  extraPayload?: fc.Arbitrary<string>,
): fc.Arbitrary<WebhookInput> {
  const bodies = extraPayload
    ? fc.oneof({ arbitrary: payload, weight: 5 }, { arbitrary: extraPayload.map((text) => ({ text })), weight: 1 })
    : payload;
  return fc
    .record({ body: bodies, transport, signature: signatureSpec, headers: otherHeaders, signMeant: fc.boolean() })
    .map(({ body, transport: how, signature, headers, signMeant }) => {
      const carried = carry(body, how);
      // A sender signs the bytes it meant; where the transport changed them, that signature no longer fits.
      const meant = 'bytes' in body ? body.bytes : Buffer.from(body.text, 'utf8');
      const value = signatureFor(signature, signMeant ? meant : carried.delivered, secrets);
      const all: Record<string, string | undefined> = Object.fromEntries(headers);
      if (value !== undefined) all[signature.name] = value;
      return printable({ headers: all, transport: how, ...carried });
    });
}

const requestContextShape = fc.oneof(
  { arbitrary: fc.constant('full' as const), weight: 4 },
  { arbitrary: fc.constantFrom('missing' as const, 'empty' as const, 'no-http' as const), weight: 1 },
  {
    arbitrary: fc.record({
      domainName: fc.option(anyText, { nil: undefined }),
      method: fc.option(anyText, { nil: undefined }),
      path: fc.option(anyText, { nil: undefined }),
    }),
    weight: 1,
  },
);

/**
 * API Gateway HTTP API (payload 2.0) events around `webhookInput`, with odd request contexts, cookies, paths and
 * queries.
 */
export function apiGatewayWebhook(
  secrets: readonly string[],
  extraPayload?: fc.Arbitrary<string>,
): fc.Arbitrary<{ event: APIGatewayProxyEventV2; input: WebhookInput }> {
  return fc
    .record({
      input: webhookInput(secrets, extraPayload),
      context: requestContextShape,
      cookies: fc.option(fc.array(anyText, { maxLength: 3 }), { nil: undefined }),
      rawPath: fc.option(fc.oneof(fc.constant('/webhook'), anyText), { nil: undefined }),
      rawQueryString: fc.option(anyText, { nil: undefined }),
      noHeaders: fc.boolean(),
      base64Flag: fc.boolean(),
    })
    .map(({ input, context, cookies, rawPath, rawQueryString, noHeaders, base64Flag }) => {
      const base = apiGatewayEvent({ path: '/webhook' });
      const event: Record<string, unknown> = { ...base, rawPath, rawQueryString, cookies, body: input.body };
      event.headers = noHeaders && Object.keys(input.headers).length === 0 ? undefined : input.headers;
      if (input.transport === 'plain') event.isBase64Encoded = false;
      else if (input.transport === 'no-flag') delete event.isBase64Encoded;
      else event.isBase64Encoded = input.transport === 'missing' ? base64Flag : true;
      if (context === 'missing') delete event.requestContext;
      else if (context === 'empty') event.requestContext = {};
      else if (context === 'no-http') event.requestContext = { ...base.requestContext, http: undefined };
      else if (context !== 'full') {
        event.requestContext = {
          ...base.requestContext,
          domainName: context.domainName,
          http: { ...base.requestContext.http, method: context.method, path: context.path },
        };
      }
      return printable({ event: event as unknown as APIGatewayProxyEventV2, input });
    });
}
