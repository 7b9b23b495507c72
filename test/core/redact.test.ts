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

/** A seeded generator (an LCG), so the random-looking tokens below are the same on every run. */
function seededTokens(count: number, lengths: readonly number[], seed = 20_260_101): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
  return Array.from({ length: count }, (_, i) => {
    const length = lengths[i % lengths.length];
    return Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
  });
}

describe('redact: tokens as Plane issues them', () => {
  // Plane's OAuth provider is Django OAuth Toolkit, whose tokens come from oauthlib's
  // generate_token: 30 characters of [A-Za-z0-9] by default (oauthlib/common.py).
  it('masks an oauthlib token of the default 30 characters in free text', () => {
    const [token] = seededTokens(1, [30]);
    expect(redactText(`Plane rejected ${token} with 401`)).toBe(`Plane rejected ${MASK} with 401`);
  });

  it('masks 1,000 such tokens of 20 to 64 characters, wherever they sit in a line', () => {
    const tokens = seededTokens(1000, [20, 24, 30, 32, 40, 48, 64]);
    const leaked = tokens.filter((token) => redactText(`a="${token}", b=${token}; (${token})`).includes(token));
    expect(leaked).toEqual([]);
  });

  it.each([
    ['an API key', `plane_api_${'0123456789abcdef'.repeat(2)}`],
    ['a webhook secret', `plane_wh_${'fedcba9876543210'.repeat(2)}`],
  ])('masks %s shaped as Plane makes it (plane/db/models/api.py, webhook.py)', (_name, secret) => {
    expect(redactText(`the ${secret} here`)).toBe(`the ${MASK} here`);
  });
});

describe('redact: content keys', () => {
  it.each([
    'description',
    'description_html',
    'description_stripped',
    'description_json',
    'description_binary',
    'comment_stripped',
    'email',
    'user_email',
  ])('masks the value of %s', (key) => {
    expect(redact({ [key]: 'Customer list: ada@example.com' })).toEqual({ [key]: MASK });
  });

  it("masks the actor's email inside an activity", () => {
    const activity = { actor: { id: 'u-1', display_name: 'ada', email: 'ada@example.com' } };
    expect(redact({ activity })).toEqual({ activity: { actor: { id: 'u-1', display_name: 'ada', email: MASK } } });
  });
});

describe('redact: what operators need stays readable', () => {
  const dedupKey = `sha256:${'9fdfd9dbfc5caac9ada4d15547172e4563a940575bcd1ab533c80657b6d95dca'}`;
  const fields = {
    dedupKey,
    workspaceId: '8d1e4f2a-3b6c-4d7e-9f80-1a2b3c4d5e6f',
    deliveryId: 'd18c6f56-1182-424b-a9d4-69ec17135911',
    messageId: '600ff270-6e18-4013-b310-6be27bb0b60b',
    event: 'agent_run_user_prompt',
    name: 'issue_comment.created',
    webhookId: '3f2c1a9e6b7d4c589e210d4b5a7c8f10',
    at: '2026-11-30T21:09:21.422Z',
    reason: 'claim_in_progress',
    metric: 'EventRetried',
    setting: 'ReportBatchItemFailures',
  };

  it('keeps dedup keys, uuids, event names, times and CamelCase names as values', () => {
    expect(redact(fields)).toEqual(fields);
  });

  it('keeps them in free text too', () => {
    const line = Object.values(fields).join(' ');
    expect(redactText(line)).toBe(line);
  });
});
