import { redact, redactText, registerSecret } from '../../lambdas/core/redact';

const MASK = '[redacted]';

describe('redact: secret keys', () => {
  it.each([
    'access_token',
    'refresh_token',
    'client_secret',
    'authorization',
    'Authorization',
    'body',
    'payload',
    'comment_html',
    'description_html',
    'password',
    'cookie',
    'x-plane-signature',
    'api_key',
    'X-API-Key',
    'webhookSecret',
  ])('masks the value of %s', (key) => {
    expect(redact({ [key]: 'some value' })).toEqual({ [key]: MASK });
  });

  it('masks a secret key nested four levels deep', () => {
    const nested = { a: { b: { c: { grant: { access_token: 'tok', expires_in: 36000 } } } } };
    expect(redact(nested)).toEqual({ a: { b: { c: { grant: { access_token: MASK, expires_in: 36000 } } } } });
  });

  it('masks secret keys inside arrays', () => {
    expect(redact({ comments: [{ id: 'c1', comment_html: '<p>private</p>' }] })).toEqual({
      comments: [{ id: 'c1', comment_html: MASK }],
    });
  });

  it('masks a whole object under a secret key', () => {
    expect(redact({ body: { event: 'issue', data: { name: 'x' } } })).toEqual({ body: MASK });
  });

  it('never lets a secret through below the depth limit', () => {
    let deep: Record<string, unknown> = { client_secret: 'deep-secret-value' };
    for (let i = 0; i < 10; i += 1) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain('deep-secret-value');
  });

  it('leaves non-secret fields untouched', () => {
    const fields = {
      workspaceId: 'ws-1',
      event: 'issue.created',
      status: 401,
      ok: true,
      count: 0,
      nothing: null,
      tags: ['a', 'b'],
      nested: { dedupKey: 'sha256:ab' },
    };
    expect(redact(fields)).toEqual(fields);
  });

  it('does not change the object it is given', () => {
    const fields = { access_token: 'tok', workspaceId: 'ws-1' };
    redact(fields);
    expect(fields).toEqual({ access_token: 'tok', workspaceId: 'ws-1' });
  });

  it('survives a cyclic object', () => {
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.self = cyclic;
    expect(() => redact(cyclic)).not.toThrow();
  });
});

describe('redact: secret values', () => {
  it('cuts a registered secret out of any string', () => {
    registerSecret('wh-secret-0f1e2d3c4b5a');
    expect(redact({ note: 'the secret wh-secret-0f1e2d3c4b5a leaked here' })).toEqual({
      note: `the secret ${MASK} leaked here`,
    });
  });

  it('cuts a registered secret out of an error message', () => {
    registerSecret('cs-9a8b7c6d5e4f3a2b');
    expect(redact(new Error('request with cs-9a8b7c6d5e4f3a2b failed'))).toEqual({
      name: 'Error',
      message: `request with ${MASK} failed`,
    });
  });

  it('cuts every occurrence of a registered secret', () => {
    registerSecret('twice-secret-123456');
    expect(redactText('twice-secret-123456/twice-secret-123456')).toBe(`${MASK}/${MASK}`);
  });

  it('does not register secrets shorter than 8 characters (they would mangle every line)', () => {
    registerSecret('abc');
    expect(redactText('abcdef abc')).toBe('abcdef abc');
  });

  it('ignores an undefined secret', () => {
    registerSecret(undefined);
    expect(redactText('nothing to hide')).toBe('nothing to hide');
  });

  it('masks a Bearer token in free text', () => {
    expect(redactText('sent Authorization: Bearer xyzAbc123.def-456_ghi to Plane')).toBe(
      `sent Authorization: ${MASK} to Plane`,
    );
  });

  it('masks Basic credentials in free text', () => {
    expect(redactText('header Basic Y2xpZW50OnNlY3JldA== rejected')).toBe(`header ${MASK} rejected`);
  });

  it('masks a pln_ token in free text', () => {
    expect(redactText('token pln_bot_7f6e5d4c3b2a is bad')).toBe(`token ${MASK} is bad`);
  });

  it('masks a JWT in free text', () => {
    expect(
      redactText(
        'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk here',
      ),
    ).toBe(`jwt ${MASK} here`);
  });

  it('leaves ordinary words alone', () => {
    expect(redactText('Bearer of bad news: issue 42 in project acme')).toBe(
      'Bearer of bad news: issue 42 in project acme',
    );
  });
});

describe('redact: errors and other values', () => {
  it('reduces an Error to its name and message', () => {
    const error = Object.assign(new TypeError('fetch failed'), { config: { headers: { Authorization: 'Bearer x' } } });
    expect(redact(error)).toEqual({ name: 'TypeError', message: 'fetch failed' });
  });

  it('reduces an Error nested in fields too', () => {
    expect(redact({ error: new RangeError('too big') })).toEqual({ error: { name: 'RangeError', message: 'too big' } });
  });

  it.each([42, true, null, undefined])('returns the primitive %p as it is', (value) => {
    expect(redact(value)).toBe(value);
  });
});
