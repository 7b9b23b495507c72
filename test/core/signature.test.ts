import * as fc from 'fast-check';
import {
  headerValue,
  parseSecretList,
  SIGNATURE_HEADER,
  signBody,
  verifySignature,
} from '../../lambdas/core/signature';
import { FIXTURE_SECRET, FIXTURE_SIGNATURE, fixtureBytes } from './helpers';

const body = fixtureBytes('issue-created.json.txt');

/**
 * An `issue_comment` body with raw (unescaped) UTF-8 "è", "ç" and "✓", as API Gateway hands it over
 * with isBase64Encoded. Its signature was computed with python3's hmac over these exact bytes.
 */
const RAW_UTF8_BASE64 =
  'eyJldmVudCI6ICJpc3N1ZV9jb21tZW50IiwgImFjdGlvbiI6ICJjcmVhdGVkIiwgIndlYmhvb2tfaWQiOiAiM2YyYzFhOWUtNmI3' +
  'ZC00YzU4LTllMjEtMGQ0YjVhN2M4ZjEwIiwgIndvcmtzcGFjZV9pZCI6ICI4ZDFlNGYyYS0zYjZjLTRkN2UtOWY4MC0xYTJiM2M0' +
  'ZDVlNmYiLCAiZGF0YSI6IHsiaWQiOiAiMGIxYzJkM2UtNGY1YS00YjZjLThkN2UtOWYwYTFiMmMzZDRlIiwgImNvbW1lbnRfaHRt' +
  'bCI6ICI8cD5UcsOocyBiaWVuLCDDp2EgbWFyY2hlIOKckzwvcD4ifSwgImFjdGl2aXR5IjogeyJhY3RvciI6IHsiaWQiOiAiOWE4' +
  'YjdjNmQtNWU0Zi00YTNiLTJjMWQtMGU5ZjhhN2I2YzVkIn19fQ==';
const RAW_UTF8_SIGNATURE = '037f10d09a9638b828d4563071a2a8bef3d8d67a5da933e0a8f6a72431f8e3d6';

/** A second active secret during a rotation, and the fixture's signature under it (python3). */
const ROTATED_SECRET = 'plane_wh_rotated_2f4e6a8c0b1d3f5e7a9c';
const ROTATED_SIGNATURE = '8a18ceeb0ec962b0b1f100beb658040f66f0a2eab79f642b52512e996f78222c';

describe('the fixture body', () => {
  it('is Python json.dumps output: ", " and ": " separators and \\u escapes, no raw non-ASCII', () => {
    const text = body.toString('utf8');
    expect([
      text.startsWith('{"event": "issue", "action": "created", '),
      text.includes('Caf\\u00e9'),
      /[^\p{ASCII}]/u.test(text),
    ]).toEqual([true, true, false]);
  });
});

describe('signBody', () => {
  it('computes the lowercase hex HMAC-SHA256 that Python computes over the same bytes', () => {
    expect(signBody(body, FIXTURE_SECRET)).toBe(FIXTURE_SIGNATURE);
  });

  it('signs a string as its UTF-8 bytes', () => {
    const bytes = Buffer.from(RAW_UTF8_BASE64, 'base64');
    expect(signBody(bytes.toString('utf8'), FIXTURE_SECRET)).toBe(RAW_UTF8_SIGNATURE);
  });
});

describe('verifySignature', () => {
  it('accepts a body exactly as Python json.dumps wrote it, signed by Plane', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE, [FIXTURE_SECRET])).toBe(true);
  });

  it('rejects the same payload re-serialised with JSON.stringify(JSON.parse(body))', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))), 'utf8');
    expect(verifySignature(reserialised, FIXTURE_SIGNATURE, [FIXTURE_SECRET])).toBe(false);
  });

  it('verifies a base64-delivered body with raw non-ASCII UTF-8 over its bytes', () => {
    expect(verifySignature(Buffer.from(RAW_UTF8_BASE64, 'base64'), RAW_UTF8_SIGNATURE, [FIXTURE_SECRET])).toBe(true);
  });

  it('rejects the raw UTF-8 body once its text is re-encoded as Latin-1 (bytes, not text, are signed)', () => {
    const latin1 = Buffer.from(Buffer.from(RAW_UTF8_BASE64, 'base64').toString('latin1'), 'utf8');
    expect(verifySignature(latin1, RAW_UTF8_SIGNATURE, [FIXTURE_SECRET])).toBe(false);
  });

  it('rejects a body with one byte changed', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 2] = 0x20;
    expect(verifySignature(tampered, FIXTURE_SIGNATURE, [FIXTURE_SECRET])).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE, ['plane_wh_not_the_right_secret'])).toBe(false);
  });

  it.each<[string, string | undefined]>([
    ['missing', undefined],
    ['empty', ''],
    ['short (32 hex chars)', FIXTURE_SIGNATURE.slice(0, 32)],
    ['odd-length (63 hex chars)', FIXTURE_SIGNATURE.slice(0, 63)],
    ['65 hex chars', `${FIXTURE_SIGNATURE}0`],
    ['128 hex chars', FIXTURE_SIGNATURE.repeat(2)],
    ['non-hex (a "g" in it)', `g${FIXTURE_SIGNATURE.slice(1)}`],
    ['sha256=-prefixed', `sha256=${FIXTURE_SIGNATURE}`],
    ['base64 of the digest', Buffer.from(FIXTURE_SIGNATURE, 'hex').toString('base64')],
    ['hex with a space inside', `${FIXTURE_SIGNATURE.slice(0, 32)} ${FIXTURE_SIGNATURE.slice(32)}`],
  ])('returns false, without throwing, for a %s signature', (_label, signature) => {
    expect(verifySignature(body, signature, [FIXTURE_SECRET])).toBe(false);
  });

  it('accepts an upper-case hex signature (documented choice: hex is case-insensitive)', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE.toUpperCase(), [FIXTURE_SECRET])).toBe(true);
  });

  it('accepts a signature with surrounding whitespace (header values are trimmed)', () => {
    expect(verifySignature(body, ` ${FIXTURE_SIGNATURE}\t`, [FIXTURE_SECRET])).toBe(true);
  });

  it('accepts a signature by the old secret while two secrets are active', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE, [FIXTURE_SECRET, ROTATED_SECRET])).toBe(true);
  });

  it('accepts a signature by the new secret while two secrets are active', () => {
    expect(verifySignature(body, ROTATED_SIGNATURE, [FIXTURE_SECRET, ROTATED_SECRET])).toBe(true);
  });

  it('rejects a signature by the retired secret once only the new one is active', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE, [ROTATED_SECRET])).toBe(false);
  });

  it('returns false when no secret is active', () => {
    expect(verifySignature(body, FIXTURE_SIGNATURE, [])).toBe(false);
  });

  it('never accepts a body signed with an empty secret, even when the list holds one', () => {
    expect(verifySignature(body, signBody(body, ''), [''])).toBe(false);
  });
});

describe('verifySignature properties', () => {
  const secret = fc.string({ minLength: 1, maxLength: 64 });

  it('accepts signBody of any bytes under any non-empty secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), secret, (bytes, s) =>
        verifySignature(bytes, signBody(bytes, s), [s]),
      ),
    );
  });

  it('rejects the signature once any one hex character is changed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }),
        secret,
        fc.nat({ max: 63 }),
        fc.nat({ max: 14 }),
        (bytes, s, index, shift) => {
          const signature = signBody(bytes, s);
          const digits = '0123456789abcdef';
          const changed = digits[(digits.indexOf(signature[index] ?? '0') + 1 + shift) % 16] ?? '0';
          const flipped = `${signature.slice(0, index)}${changed}${signature.slice(index + 1)}`;
          return flipped !== signature && !verifySignature(bytes, flipped, [s]);
        },
      ),
    );
  });

  it('never throws for an arbitrary header value, and accepts none of them', () => {
    const bytes = Buffer.from('{"event": "issue"}');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        (header) => verifySignature(bytes, header, ['s3cret-webhook']) === false,
      ),
    );
  });
});

describe('headerValue', () => {
  it.each(['X-Plane-Signature', 'x-plane-signature', 'X-PLANE-SIGNATURE'])('finds the signature sent as %s', (name) => {
    expect(headerValue({ 'content-type': 'application/json', [name]: FIXTURE_SIGNATURE }, SIGNATURE_HEADER)).toBe(
      FIXTURE_SIGNATURE,
    );
  });

  it('finds a lower-case header when asked with its canonical case', () => {
    expect(headerValue({ 'x-plane-delivery': 'd-1' }, 'X-Plane-Delivery')).toBe('d-1');
  });

  it('returns undefined when the header is absent', () => {
    expect(headerValue({ 'content-type': 'application/json' }, SIGNATURE_HEADER)).toBeUndefined();
  });

  it('returns undefined when there are no headers at all', () => {
    expect(headerValue(undefined, SIGNATURE_HEADER)).toBeUndefined();
  });

  it('skips an undefined value for a defined one in another case', () => {
    expect(
      headerValue({ 'x-plane-signature': undefined, 'X-Plane-Signature': FIXTURE_SIGNATURE }, SIGNATURE_HEADER),
    ).toBe(FIXTURE_SIGNATURE);
  });

  it(
    'prefers a non-empty value to an empty one in another case, as its TSDoc says ("the first non-empty ' +
      'match wins")',
    () => {
      expect(headerValue({ 'x-plane-signature': '', 'X-Plane-Signature': FIXTURE_SIGNATURE }, SIGNATURE_HEADER)).toBe(
        FIXTURE_SIGNATURE,
      );
    },
  );
});

describe('parseSecretList', () => {
  it('reads a single secret', () => {
    expect(parseSecretList(FIXTURE_SECRET)).toEqual([FIXTURE_SECRET]);
  });

  it('splits on spaces, tabs and newlines (CRLF too)', () => {
    expect(parseSecretList(`old-secret-1 new-secret-2\tthird-3\nfourth-4\r\nfifth-5`)).toEqual([
      'old-secret-1',
      'new-secret-2',
      'third-3',
      'fourth-4',
      'fifth-5',
    ]);
  });

  it('ignores leading, trailing and repeated whitespace', () => {
    expect(parseSecretList('\n  old-secret-1  \n\n new-secret-2 \n')).toEqual(['old-secret-1', 'new-secret-2']);
  });

  it('returns no secret for an empty or blank string', () => {
    expect([parseSecretList(''), parseSecretList(' \n\t ')]).toEqual([[], []]);
  });

  it('returns no secret for undefined', () => {
    expect(parseSecretList(undefined)).toEqual([]);
  });
});
