import fc from 'fast-check';
import { DELIVERY_HEADER, EVENT_HEADER } from '../../lambdas/core/envelope';
import {
  headerValue,
  parseSecretList,
  SIGNATURE_HEADER,
  signBody,
  verifySignature,
} from '../../lambdas/core/signature';
import { anyText, prototypeName } from './arbitraries';
import { fuzzParams, fuzzTimeout } from './fuzz-settings';
import { hmacHex, modelSigned } from './model';

const TIMEOUT = fuzzTimeout('pure', 1);

const body = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 20 },
  { arbitrary: fc.uint8Array({ minLength: 10_000, maxLength: 70_000 }), weight: 1 },
);
const secret = fc.oneof(anyText, fc.constantFrom('', ' ', 'whsec-0123456789abcdef'));
const secrets = fc.array(secret, { maxLength: 4 });
const hexOfLength = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: min, maxLength: max });
const whitespace = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u000b'),
  maxLength: 3,
});

/** A header value, or a recipe for one made from the body and the secrets (so valid signatures are common). */
type HeaderRecipe =
  | { readonly kind: 'literal'; readonly value: string | undefined }
  | {
      readonly kind: 'signed';
      readonly index: number;
      readonly before: string;
      readonly after: string;
      readonly upper: boolean;
      readonly prefix: string;
    };

const headerRecipe: fc.Arbitrary<HeaderRecipe> = fc.oneof(
  fc.record({
    kind: fc.constant('literal' as const),
    value: fc.option(
      fc.oneof(
        anyText,
        hexOfLength(0, 130),
        hexOfLength(64, 64),
        hexOfLength(64, 64).map((hex) => `sha256=${hex}`),
      ),
      { nil: undefined },
    ),
  }),
  fc.record({
    kind: fc.constant('signed' as const),
    index: fc.nat(),
    before: whitespace,
    after: whitespace,
    upper: fc.boolean(),
    prefix: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, fc.constantFrom('sha256=', 'v1=', '0', ' x')),
  }),
);

function headerFor(recipe: HeaderRecipe, bytes: Uint8Array, keys: readonly string[]): string | undefined {
  if (recipe.kind === 'literal') return recipe.value;
  if (keys.length === 0) return undefined;
  const hex = hmacHex(keys[recipe.index % keys.length], bytes);
  return `${recipe.before}${recipe.prefix}${recipe.upper ? hex.toUpperCase() : hex}${recipe.after}`;
}

test(
  'verifySignature never throws and is true iff the header is the hex HMAC of the exact bytes under a non-empty secret',
  () => {
    fc.assert(
      fc.property(body, headerRecipe, secrets, (bytes, recipe, keys) => {
        const header = headerFor(recipe, bytes, keys);
        expect(verifySignature(bytes, header, keys)).toBe(modelSigned(bytes, header, keys));
      }),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

test(
  'a body that differs from the signed one in any byte, or in length, is rejected',
  () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), xor: fc.constant(0) }),
      fc.record({ kind: fc.constant('append' as const), at: fc.nat({ max: 255 }), xor: fc.constant(0) }),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        secret.filter((key) => key.length > 0),
        secrets,
        change,
        (bytes, key, others, edit) => {
          const signature = signBody(bytes, key);
          const changed = Buffer.from(bytes);
          const at = edit.at % changed.length;
          if (edit.kind === 'flip') changed[at] ^= edit.xor;
          const tampered =
            edit.kind === 'flip'
              ? changed
              : edit.kind === 'cut'
                ? changed.subarray(0, at)
                : Buffer.concat([changed, Buffer.from([edit.at])]);
          expect(verifySignature(bytes, signature, [...others, key])).toBe(true);
          expect(verifySignature(tampered, signature, [...others, key])).toBe(false);
        },
      ),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

const tokenName = fc
  .oneof(
    fc.constantFrom(SIGNATURE_HEADER, EVENT_HEADER, DELIVERY_HEADER, 'content-type', 'x-amz-date'),
    fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/),
  )
  .filter((name) => !(name in Object.prototype));

test(
  'headerValue finds a header whatever the case of its name and of the name asked for',
  () => {
    const others = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), anyText), {
      maxLength: 6,
      selector: ([name]) => name.toLowerCase(),
    });
    fc.assert(
      fc.property(
        tokenName.chain((name) =>
          fc.tuple(fc.constant(name), fc.mixedCase(fc.constant(name)), fc.mixedCase(fc.constant(name))),
        ),
        anyText.filter((value) => value.length > 0),
        others,
        fc.nat(),
        ([name, stored, asked], value, rest, position) => {
          const entries = rest.filter(([other]) => other.toLowerCase() !== name.toLowerCase());
          entries.splice(position % (entries.length + 1), 0, [stored, value]);
          expect(headerValue(Object.fromEntries(entries), asked)).toBe(value);
        },
      ),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

test(
  'headerValue prefers a non-empty value among case variants of one name',
  () => {
    fc.assert(
      fc.property(
        tokenName.chain((name) =>
          fc.uniqueArray(fc.tuple(fc.mixedCase(fc.constant(name)), fc.oneof(fc.constant(''), anyText)), {
            minLength: 1,
            maxLength: 4,
            selector: ([key]) => key,
          }),
        ),
        fc.nat(),
        (variants, pick) => {
          const asked = variants[pick % variants.length][0];
          const values = variants.map(([, value]) => value);
          const found = headerValue(Object.fromEntries(variants), asked);
          if (values.some((value) => value !== '')) expect(values.filter((value) => value !== '')).toContain(found);
          else expect(found).toBe('');
        },
      ),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);

test(
  'headerValue only ever answers a value the headers hold, whatever name is asked for (prototype names included)',
  () => {
    const headers = fc.dictionary(fc.oneof(fc.string(), prototypeName), fc.option(anyText, { nil: undefined }), {
      maxKeys: 5,
    });
    fc.assert(
      fc.property(headers, fc.oneof(fc.string(), prototypeName, fc.mixedCase(prototypeName)), (map, name) => {
        const found = headerValue(map, name);
        expect(found === undefined || Object.values(map).includes(found)).toBe(true);
      }),
      fuzzParams('pure', {
        examples: [
          [{}, 'constructor'],
          [{ CONSTRUCTOR: 'x' }, 'constructor'],
        ],
      }),
    );
  },
  TIMEOUT,
);

test(
  'parseSecretList reads back any list of secrets joined by any whitespace',
  () => {
    const token = fc.string({ minLength: 1 }).filter((value) => !/\s/.test(value));
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 5 }),
        whitespace,
        whitespace.filter((value) => value.length > 0),
        (list, edge, separator) => {
          expect(parseSecretList(`${edge}${list.join(separator)}${edge}`)).toEqual(list);
        },
      ),
      fuzzParams('pure'),
    );
  },
  TIMEOUT,
);
