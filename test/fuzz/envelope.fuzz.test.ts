import fc from 'fast-check';
import { decodeBody, dedupKeyOf, EVENT_HEADER, parseEnvelope } from '../../lambdas/core/envelope';
import { ValidationError } from '../../lambdas/core/errors';
import type { PlaneEvent } from '../../lambdas/core/events';
import { headerValue } from '../../lambdas/core/signature';
import { anyJsonText, anyText, bodyText, envelopeText, planeEnvelopeText } from './arbitraries';
import { fuzzParams, fuzzTimeout } from './fuzz-settings';
import { type Headers, modelDecode, modelEnvelope } from './model';

const TIMEOUT = fuzzTimeout('pure', 2);

const text = fc.oneof(
  { arbitrary: envelopeText, weight: 4 },
  { arbitrary: planeEnvelopeText, weight: 2 },
  { arbitrary: anyJsonText, weight: 2 },
  { arbitrary: bodyText, weight: 1 },
  { arbitrary: anyText, weight: 1 },
);

/** No headers, or an `X-Plane-Event` in any case with any value (it names bare agent payloads). */
const headers: fc.Arbitrary<Headers | undefined> = fc.option(
  fc
    .record({
      name: fc.mixedCase(fc.constant('x-plane-event')),
      value: fc.oneof(anyText, fc.constantFrom('agent_run_create', ' agent_run_user_prompt ', '', 'constructor')),
    })
    .map(({ name, value }) => ({ [name]: value })),
  { nil: undefined },
);

/**
 * Minimised counterexamples these properties found: replayed first by every property, and each checked on its own
 * below.
 */
const FOUND_CASES: ReadonlyArray<readonly [string, string]> = [
  [
    'String(type) throws a TypeError for an agent payload whose type is {"toString": 0}',
    '{"agent_run": {}, "type": {"toString": 0}, "workspace_id": "w"}',
  ],
  [
    'action "constructor" becomes the function Object (ACTIONS is a plain object)',
    '{"event": "issue", "action": "constructor", "workspace_id": "w"}',
  ],
  ['action "__proto__" becomes Object.prototype', '{"event": "issue", "action": "__proto__", "workspace_id": "w"}'],
  [
    'type "__proto__" names the event Object.prototype (AGENT_TYPES is a plain object)',
    '{"agent_run": {}, "type": "__proto__", "workspace_id": "w"}',
  ],
  [
    'the v2 name "issue.toString" gets the action Object.prototype.toString',
    '{"event": "issue.toString", "workspace_id": "w"}',
  ],
];
const FOUND: Array<[string, Headers | undefined]> = FOUND_CASES.map(([, body]) => [body, undefined]);

function outcome(bodyText: string, map: Headers | undefined): { event: PlaneEvent } | { error: unknown } {
  try {
    // Ingest hands parseEnvelope the X-Plane-Event header's value, looked up in any case.
    return { event: parseEnvelope(bodyText, { eventName: headerValue(map, EVENT_HEADER) }) };
  } catch (error) {
    return { error };
  }
}

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => typeof value === 'string' && value.length > 0;

test.each(FOUND_CASES)('found: %s', (_name, body) => {
  const result = outcome(body, undefined);
  const expected = modelEnvelope(body, {});
  expect(
    'event' in result
      ? { event: result.event.event, action: result.event.action, workspaceId: result.event.workspaceId }
      : result.error,
  ).toEqual(
    expected
      ? { event: expected.event, action: expected.action, workspaceId: expected.workspaceId }
      : expect.any(ValidationError),
  );
});

test(
  'parseEnvelope throws nothing but a ValidationError with code invalid_envelope',
  () => {
    fc.assert(
      fc.property(text, headers, (bodyText, map) => {
        const result = outcome(bodyText, map);
        if ('error' in result) {
          expect(result.error).toBeInstanceOf(ValidationError);
          expect((result.error as ValidationError).code).toBe('invalid_envelope');
        }
      }),
      fuzzParams('pure', { examples: FOUND }),
    );
  },
  TIMEOUT,
);

test(
  'whatever parseEnvelope returns is well formed: non-empty string name, event, workspaceId; string ' +
    'action if any; object data',
  () => {
    fc.assert(
      fc.property(text, headers, (bodyText, map) => {
        const result = outcome(bodyText, map);
        if ('error' in result) return;
        const { event } = result;
        expect({
          name: isText(event.name),
          event: isText(event.event),
          action: event.action === undefined || isText(event.action),
          workspaceId: isText(event.workspaceId),
          data: isPlainObject(event.data),
          payload: isPlainObject(event.payload),
          name_is_event_dot_action: event.name === (event.action ? `${event.event}.${event.action}` : event.event),
        }).toEqual({
          name: true,
          event: true,
          action: true,
          workspaceId: true,
          data: true,
          payload: true,
          name_is_event_dot_action: true,
        });
      }),
      fuzzParams('pure', { examples: FOUND }),
    );
  },
  TIMEOUT,
);

test(
  'parseEnvelope accepts exactly the envelopes the model accepts, with the same event, action, workspace and event id',
  () => {
    fc.assert(
      fc.property(text, headers, (bodyText, map) => {
        const result = outcome(bodyText, map);
        const expected = modelEnvelope(bodyText, map ?? {});
        const actual =
          'event' in result
            ? {
                event: result.event.event,
                action: result.event.action,
                workspaceId: result.event.workspaceId,
                eventId: result.event.eventId,
              }
            : undefined;
        expect(actual).toEqual(
          expected && {
            event: expected.event,
            action: expected.action,
            workspaceId: expected.workspaceId,
            eventId: expected.eventId,
          },
        );
      }),
      fuzzParams('pure', { examples: FOUND }),
    );
  },
  TIMEOUT,
);

/** Byte sequences around UTF-8's edges: overlong forms, encoded surrogates, BOM, U+FFFE/U+FFFF, truncated sequences. */
const utf8Edges = fc.constantFrom(
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xef, 0xbb, 0xbf],
  [0xef, 0xbf, 0xbe],
  [0xef, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xff],
  [0x00],
  [0xf0, 0x9f, 0x98, 0x80],
);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  anyText.map((value) => new Uint8Array(Buffer.from(value, 'utf8'))),
  fc
    .array(fc.oneof(utf8Edges, fc.array(fc.integer({ min: 0x20, max: 0x7e }), { maxLength: 4 })), { maxLength: 8 })
    .map((parts) => Uint8Array.from(parts.flat())),
);

test(
  'decodeBody returns the text of valid UTF-8 (without U+FFFE/U+FFFF) and throws a ValidationError for anything else',
  () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const expected = modelDecode(input);
        let actual: string | undefined;
        try {
          actual = decodeBody(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).code).toBe('invalid_envelope');
        }
        expect(actual).toBe(expected);
      }),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

test(
  'dedupKeyOf is deterministic, the same for a body as text or bytes, and differs for different v1 bodies',
  () => {
    fc.assert(
      fc.property(anyText, anyText, (first, second) => {
        const key = dedupKeyOf(first, {});
        expect(dedupKeyOf(first, {})).toBe(key);
        expect(dedupKeyOf(Buffer.from(first, 'utf8'), { eventId: undefined })).toBe(key);
        expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
        const same = Buffer.from(first, 'utf8').equals(Buffer.from(second, 'utf8'));
        expect(dedupKeyOf(second, {}) === key).toBe(same);
      }),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

test(
  'dedupKeyOf uses a v2 event id when there is one, whatever the body',
  () => {
    fc.assert(
      fc.property(
        anyText,
        anyText.filter((id) => id.length > 0),
        (first, eventId) => {
          expect(dedupKeyOf(first, { eventId })).toBe(`event:${eventId}`);
        },
      ),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);
