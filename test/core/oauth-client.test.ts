import { createOAuthClient } from '../../lambdas/core/oauth-client';
import { PlaneApiError, PlaneNetworkError, TokenGrantError } from '../../lambdas/core/plane-errors';
import { jsonResponse, type Responder, recordingFetch } from './helpers';

const CLIENT_ID = 'plane-app-client-7d2f';
const CLIENT_SECRET = 'cs_live_3b9e1f7a5c2d8e4f6a0b';
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const grantAnswer = {
  access_token: 'pln_bot_5e4d3c2b1a09',
  token_type: 'Bearer',
  expires_in: 36_000,
  scope: 'read write',
};

function setup(respond: Responder = () => jsonResponse(200, grantAnswer)) {
  const { fetch, requests } = recordingFetch(respond);
  const oauth = createOAuthClient({
    baseUrl: 'https://plane.test/',
    clientId: CLIENT_ID,
    clientSecret: async () => CLIENT_SECRET,
    fetch,
  });
  return { oauth, requests };
}

const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));

async function grantError(promise: Promise<unknown>): Promise<TokenGrantError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenGrantError) return error;
    throw error;
  }
  throw new Error('the grant succeeded');
}

describe('createOAuthClient.botToken', () => {
  it('POSTs to /auth/o/token/', async () => {
    const { oauth, requests } = setup();
    await oauth.botToken('inst-7f3e2d1c');
    expect([requests[0]?.method, requests[0]?.url]).toEqual(['POST', 'https://plane.test/auth/o/token/']);
  });

  it('sends the body form-encoded', async () => {
    const { oauth, requests } = setup();
    await oauth.botToken('inst-7f3e2d1c');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('sends grant_type=client_credentials and the installation id, and nothing else', async () => {
    const { oauth, requests } = setup();
    await oauth.botToken('inst-7f3e2d1c');
    expect(requests[0]?.body).toBe('grant_type=client_credentials&app_installation_id=inst-7f3e2d1c');
  });

  it('authenticates with Basic base64(client_id:client_secret)', async () => {
    const { oauth, requests } = setup();
    await oauth.botToken('inst-7f3e2d1c');
    expect(requests[0]?.headers.get('authorization')).toBe(BASIC);
  });

  it('returns Plane’s token response', async () => {
    const { oauth } = setup();
    await expect(oauth.botToken('inst-7f3e2d1c')).resolves.toEqual(grantAnswer);
  });

  it('gives fetch a timeout signal and never follows redirects', async () => {
    const { oauth, requests } = setup();
    await oauth.botToken('inst-7f3e2d1c');
    expect([requests[0]?.signal instanceof AbortSignal, requests[0]?.redirect]).toEqual([true, 'manual']);
  });
});

describe('createOAuthClient.exchangeCode', () => {
  it('puts grant_type, code, redirect_uri, client_id and client_secret in the form body', async () => {
    const { oauth, requests } = setup(() => jsonResponse(200, { ...grantAnswer, refresh_token: 'rt-1' }));
    await oauth.exchangeCode('code-60s', 'https://app.example/oauth/callback');
    expect(form(requests[0]?.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'code-60s',
      redirect_uri: 'https://app.example/oauth/callback',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('sends the form with content-type application/x-www-form-urlencoded', async () => {
    const { oauth, requests } = setup();
    await oauth.exchangeCode('code-60s', 'https://app.example/oauth/callback');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });
});

describe('createOAuthClient.refresh', () => {
  it('puts grant_type, refresh_token, client_id and client_secret in the form body', async () => {
    const { oauth, requests } = setup(() => jsonResponse(200, { ...grantAnswer, refresh_token: 'rt-2' }));
    await oauth.refresh('rt-1');
    expect(form(requests[0]?.body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('returns the rotated refresh token', async () => {
    const { oauth } = setup(() => jsonResponse(200, { ...grantAnswer, refresh_token: 'rt-2' }));
    await expect(oauth.refresh('rt-1')).resolves.toMatchObject({ refresh_token: 'rt-2' });
  });
});

describe('createOAuthClient token errors', () => {
  it('answers 401 with refused: false and code invalid_client (the app’s own credentials)', async () => {
    const { oauth } = setup(() => jsonResponse(401, { error: 'invalid_client' }));
    const error = await grantError(oauth.botToken('inst-1'));
    expect([error.refused, error.code, error.planeStatus]).toEqual([false, 'invalid_client', 401]);
  });

  it.each<[number, boolean, string]>([
    [400, true, 'token_grant_failed'],
    [403, false, 'token_grant_failed'],
    [404, false, 'token_grant_failed'],
    [408, false, 'token_grant_failed'],
    [429, false, 'token_rate_limited'],
    [500, false, 'token_grant_failed'],
    [502, false, 'token_grant_failed'],
    [503, false, 'token_grant_failed'],
    [504, false, 'token_grant_failed'],
  ])('answers %i with an invalid_grant body with refused: %p and code %s', async (status, refused, code) => {
    const { oauth } = setup(() => jsonResponse(status, { error: 'invalid_grant' }));
    const error = await grantError(oauth.botToken('inst-1'));
    expect([error.refused, error.code, error.oauthError]).toEqual([refused, code, 'invalid_grant']);
  });

  it.each([
    ['an OAuth error other than a refusal', { error: 'invalid_request' }],
    ["Plane's own error shape", { error_code: 4000, error_message: 'Invalid installation' }],
    ['an empty body', undefined],
  ])('answers 400 with %s with refused: false', async (_name, body) => {
    const { oauth } = setup(() => jsonResponse(400, body));
    expect((await grantError(oauth.botToken('inst-1'))).refused).toBe(false);
  });

  it('counts invalid_client as a refusal only for credentials that got a token before', async () => {
    const answers = [
      jsonResponse(401, { error: 'invalid_client' }),
      jsonResponse(200, grantAnswer),
      jsonResponse(401, { error: 'invalid_client' }),
    ];
    const { oauth } = setup((_request, index) => answers[index]);
    const before = await grantError(oauth.botToken('inst-1'));
    await oauth.botToken('inst-1');
    const after = await grantError(oauth.botToken('inst-1'));
    expect([before.refused, after.refused]).toEqual([false, true]);
  });

  it('does not count invalid_client as a refusal once the secret has changed (an operator typo)', async () => {
    let secret = CLIENT_SECRET;
    const answers = [jsonResponse(200, grantAnswer), jsonResponse(401, { error: 'invalid_client' })];
    const { fetch } = recordingFetch((_request, index) => answers[index]);
    const oauth = createOAuthClient({
      baseUrl: 'https://plane.test',
      clientId: CLIENT_ID,
      clientSecret: async () => secret,
      fetch,
    });
    await oauth.botToken('inst-1');
    secret = 'cs_live_mistyped_0000000000';
    expect((await grantError(oauth.botToken('inst-1'))).refused).toBe(false);
  });

  it('keeps Plane’s error in the message', async () => {
    const { oauth } = setup(() => jsonResponse(429, { error_code: 5900, error_message: 'Too many requests' }));
    const error = await grantError(oauth.botToken('inst-1'));
    expect([error.message, error.planeErrorCode]).toEqual([
      'Plane refused the client_credentials token request (429: Too many requests)',
      '5900',
    ]);
  });

  it('never puts the client secret in the error', async () => {
    const { oauth } = setup(() => jsonResponse(400, { error: 'invalid_grant' }));
    const error = await grantError(oauth.refresh('rt-1'));
    expect([error.message, String(error), JSON.stringify(error)].join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('treats a 200 without access_token as a failed (not refused) grant', async () => {
    const { oauth } = setup(() => jsonResponse(200, { token_type: 'Bearer' }));
    const error = await grantError(oauth.botToken('inst-1'));
    expect([error.planeStatus, error.refused]).toEqual([502, false]);
  });

  it('treats an HTML answer as a failed grant with its status', async () => {
    const { oauth } = setup(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await grantError(oauth.botToken('inst-1'));
    expect([error.planeStatus, error.refused]).toEqual([502, false]);
  });

  it('turns a network failure into a PlaneNetworkError', async () => {
    const { oauth } = setup(() => {
      throw new TypeError('fetch failed');
    });
    await expect(oauth.botToken('inst-1')).rejects.toBeInstanceOf(PlaneNetworkError);
  });
});

describe('createOAuthClient.getInstallations', () => {
  const installation = {
    id: 'inst-7f3e2d1c',
    workspace: '8d1e4f2a-3b6c-4d7e-9f80-1a2b3c4d5e6f',
    workspace_detail: { name: 'Acme', slug: 'acme', id: '8d1e4f2a-3b6c-4d7e-9f80-1a2b3c4d5e6f', logo_url: null },
    status: 'installed',
    app_bot: 'b0b0b0b0-1111-4222-8333-444455556666',
  };

  it('returns the array Plane answers', async () => {
    const { oauth } = setup(() => jsonResponse(200, [installation]));
    await expect(oauth.getInstallations('pln_bot_5e4d3c2b1a09', 'inst-7f3e2d1c')).resolves.toEqual([installation]);
  });

  it('GETs /auth/o/app-installation/?id=<id> with the bearer token', async () => {
    const { oauth, requests } = setup(() => jsonResponse(200, [installation]));
    await oauth.getInstallations('pln_bot_5e4d3c2b1a09', 'inst-7f3e2d1c');
    expect([requests[0]?.method, requests[0]?.url, requests[0]?.headers.get('authorization')]).toEqual([
      'GET',
      'https://plane.test/auth/o/app-installation/?id=inst-7f3e2d1c',
      'Bearer pln_bot_5e4d3c2b1a09',
    ]);
  });

  it('rejects an answer that is not an array', async () => {
    const { oauth } = setup(() => jsonResponse(200, installation));
    await expect(oauth.getInstallations('pln_bot_5e4d3c2b1a09', 'inst-7f3e2d1c')).rejects.toBeInstanceOf(PlaneApiError);
  });

  it('rejects an error answer with its status and without the query string', async () => {
    const { oauth } = setup(() => jsonResponse(403, { detail: 'Forbidden' }));
    await expect(oauth.getInstallations('pln_bot_5e4d3c2b1a09', 'inst-7f3e2d1c')).rejects.toThrow(
      'Plane answered 403 to GET /auth/o/app-installation/: Forbidden',
    );
  });
});

describe('createOAuthClient.authorizeUrl', () => {
  it('has client_id, response_type=code, redirect_uri and state on the consent path', () => {
    const url = new URL(
      setup().oauth.authorizeUrl({ state: 's-123', redirectUri: 'https://app.example/oauth/callback' }),
    );
    expect([url.origin + url.pathname, Object.fromEntries(url.searchParams)]).toEqual([
      'https://plane.test/auth/o/authorize-app/',
      {
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: 'https://app.example/oauth/callback',
        state: 's-123',
      },
    ]);
  });

  it('adds scope when one is given', () => {
    const url = new URL(
      setup().oauth.authorizeUrl({ state: 's', redirectUri: 'https://app.example/cb', scope: 'read write' }),
    );
    expect(url.searchParams.get('scope')).toBe('read write');
  });

  it('leaves scope out when none is given', () => {
    const url = new URL(setup().oauth.authorizeUrl({ state: 's', redirectUri: 'https://app.example/cb' }));
    expect(url.searchParams.has('scope')).toBe(false);
  });
});

describe('createOAuthClient credentials read with the secret (npm run configure)', () => {
  /** Plane accepts only the second secret; the credentials change once the first is refused. */
  function rotating(changes: boolean) {
    let secret = 'cs_old_000000000000';
    const refusals: string[] = [];
    const { fetch, requests } = recordingFetch((request) =>
      request.headers.get('authorization')?.includes(Buffer.from(`${CLIENT_ID}:cs_new_111111111111`).toString('base64'))
        ? jsonResponse(200, grantAnswer)
        : jsonResponse(401, { error: 'invalid_client' }),
    );
    const oauth = createOAuthClient({
      baseUrl: 'https://plane.test/',
      clientId: () => CLIENT_ID,
      clientSecret: async () => secret,
      onInvalidClient: async () => {
        refusals.push(secret);
        if (!changes) return false;
        secret = 'cs_new_111111111111';
        return true;
      },
      fetch,
    });
    return { oauth, requests, refusals };
  }

  it('invalid_client with credentials that changed meanwhile: sent once more, with the new ones', async () => {
    const { oauth, requests, refusals } = rotating(true);
    await expect(oauth.botToken('inst-1')).resolves.toMatchObject({ access_token: grantAnswer.access_token });
    expect([requests.length, refusals]).toEqual([2, ['cs_old_000000000000']]);
  });

  it('invalid_client with unchanged credentials: no second request, the error says what to check', async () => {
    const { oauth, requests } = rotating(false);
    const error = await grantError(oauth.botToken('inst-1'));
    expect([requests.length, error.code]).toEqual([1, 'invalid_client']);
    expect(error.message).toContain('check the client id and the ClientSecret secret');
  });

  it('a missing client id names the command that stores it', () => {
    const oauth = createOAuthClient({
      baseUrl: 'https://plane.test',
      clientId: () => '',
      clientSecret: async () => 's',
    });
    expect(() => oauth.authorizeUrl({ state: 's', redirectUri: 'https://app.example/cb' })).toThrow(
      'the client id is not set: run `npm run configure`',
    );
  });
});
