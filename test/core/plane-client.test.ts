import { DeadlineError } from '../../lambdas/core/errors';
import { createPlaneClient, type PlaneClientOptions } from '../../lambdas/core/plane-client';
import { PlaneApiError, PlaneNetworkError } from '../../lambdas/core/plane-errors';
import { fakeClock, fakeSleep, jsonResponse, recordingFetch, scriptedFetch, T0 } from './helpers';

const TOKEN = 'pln_bot_EXAMPLE8f3a2c1d9e7b6a5f4c3d';
const RENEWED = 'pln_bot_renewed_1a2b3c4d5e6f7a8b9c0d';
const PROJECT = '4b7e2c9d-1a3f-4e6b-8d0c-5f9a2e7b1c3d';
const ITEM = 'c6a9f3e1-2d4b-4f8a-b7c5-9e0d1f2a3b4c';
const ok = () => jsonResponse(200, { id: ITEM, name: 'Fix it' });

/** A client over a scripted fetch, a fake clock and a recording sleep; the token source renews on rejection. */
function setup(script: ReadonlyArray<() => Response | Error>, options: Partial<PlaneClientOptions> = {}) {
  const clock = fakeClock();
  const sleeper = fakeSleep(clock);
  const { fetch, requests } = scriptedFetch(script);
  const tokenCalls: Array<string | undefined> = [];
  let current = TOKEN;
  const client = createPlaneClient({
    baseUrl: 'https://plane.test/',
    workspaceSlug: 'acme',
    token: async (rejected) => {
      tokenCalls.push(rejected);
      if (rejected === current) current = RENEWED;
      return current;
    },
    fetch,
    clock: clock.now,
    sleep: sleeper.sleep,
    ...options,
  });
  return { client, requests, delays: sleeper.delays, tokenCalls, clock };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('createPlaneClient requests', () => {
  it('sends Authorization: Bearer <token>', async () => {
    const { client, requests } = setup([ok]);
    await client.workItems.get(PROJECT, ITEM);
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('builds the URL under /api/v1/workspaces/{slug}/', async () => {
    const { client, requests } = setup([ok]);
    await client.workItems.get(PROJECT, ITEM);
    expect(requests[0]?.url).toBe(`https://plane.test/api/v1/workspaces/acme/projects/${PROJECT}/work-items/${ITEM}/`);
  });

  it('sends a write as a JSON body with content-type application/json', async () => {
    const { client, requests } = setup([() => jsonResponse(201, { id: ITEM, name: 'Fix it' })]);
    await client.workItems.create(PROJECT, { name: 'Fix it', external_source: 'kit', external_id: 'e-1' });
    const request = requests[0];
    expect([request?.method, request?.headers.get('content-type'), JSON.parse(request?.body ?? 'null')]).toEqual([
      'POST',
      'application/json',
      { name: 'Fix it', external_source: 'kit', external_id: 'e-1' },
    ]);
  });

  it('returns the parsed JSON answer', async () => {
    const { client } = setup([ok]);
    await expect(client.workItems.get(PROJECT, ITEM)).resolves.toEqual({ id: ITEM, name: 'Fix it' });
  });

  it('never follows a redirect', async () => {
    const { client, requests } = setup([ok]);
    await client.me();
    expect(requests[0]?.redirect).toBe('manual');
  });

  it('posts agent activities under the workspace runs path', async () => {
    const { client, requests } = setup([() => jsonResponse(201, { id: 'act-1', type: 'thought' })]);
    await client.agentRuns.createActivity('run-5e1d', {
      type: 'thought',
      content: { type: 'thought', body: 'Looking…' },
    });
    expect(requests[0]?.url).toBe('https://plane.test/api/v1/workspaces/acme/runs/run-5e1d/activities/');
  });

  it('gives fetch an AbortSignal so every request has a timeout', async () => {
    const { client, requests } = setup([ok]);
    await client.me();
    expect(requests[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('aborts a request that outlives timeoutMs and surfaces a PlaneNetworkError', async () => {
    const { fetch, requests } = recordingFetch(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    const client = createPlaneClient({
      baseUrl: 'https://plane.test',
      workspaceSlug: 'acme',
      token: async () => TOKEN,
      fetch,
      timeoutMs: 5,
      maxAttempts: 1,
    });
    const error = await failure(client.me());
    expect([error instanceof PlaneNetworkError, requests[0]?.signal?.aborted]).toEqual([true, true]);
  });

  it("reports fetch's TimeoutError as 'timed out'", async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const { client } = setup([() => timeout], { maxAttempts: 1 });
    const error = await failure(client.me());
    expect((error as Error).message).toBe('GET /api/v1/users/me/ to Plane timed out');
  });
});

describe('createPlaneClient retries', () => {
  it('waits Retry-After seconds after a 429, then succeeds', async () => {
    const { client, delays } = setup([() => jsonResponse(429, { error_code: 5900 }, { 'retry-after': '2' }), ok]);
    await client.workItems.get(PROJECT, ITEM);
    expect(delays).toEqual([2000]);
  });

  it('waits until X-RateLimit-Reset (epoch seconds) after a 429 without Retry-After', async () => {
    const reset = String(T0 / 1000 + 7);
    const { client, delays } = setup([
      () => jsonResponse(429, { error_code: 5900 }, { 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '0' }),
      ok,
    ]);
    await client.workItems.get(PROJECT, ITEM);
    expect(delays).toEqual([7000]);
  });

  it('retries a 500 after a jittered backoff of 125-250 ms and succeeds', async () => {
    const { client, delays, requests } = setup([() => new Response('<html>oops</html>', { status: 500 }), ok]);
    await expect(client.workItems.get(PROJECT, ITEM)).resolves.toEqual({ id: ITEM, name: 'Fix it' });
    expect([requests.length, delays.length, (delays[0] ?? 0) >= 125 && (delays[0] ?? 0) <= 250]).toEqual([2, 1, true]);
  });

  it('stops after maxAttempts and throws the last PlaneApiError', async () => {
    const unavailable = () => jsonResponse(503, { detail: 'maintenance' });
    const { client, requests } = setup([unavailable, unavailable, unavailable, unavailable], { maxAttempts: 3 });
    const error = await failure(client.me());
    expect([requests.length, error instanceof PlaneApiError && error.planeStatus]).toEqual([3, 503]);
  });

  it('sleeps between attempts but not after the last one', async () => {
    const unavailable = () => jsonResponse(503, {});
    const { client, delays } = setup([unavailable, unavailable, unavailable], { maxAttempts: 3 });
    await failure(client.me());
    expect(delays).toHaveLength(2);
  });

  it('throws a DeadlineError, without sleeping, when the wait would pass the deadline', async () => {
    const { client, delays } = setup([() => jsonResponse(429, {}, { 'retry-after': '30' }), ok], {
      deadline: () => T0 + 10_000,
    });
    const error = await failure(client.me());
    expect([error instanceof DeadlineError, (error as DeadlineError).code, delays]).toEqual([true, 'deadline', []]);
  });

  it('throws a DeadlineError without calling Plane when the deadline has passed', async () => {
    const { client, requests } = setup([ok], { deadline: () => T0 - 1 });
    const error = await failure(client.me());
    expect([error instanceof DeadlineError, requests.length]).toEqual([true, 0]);
  });

  it('does not retry a 404', async () => {
    const { client, requests } = setup([() => jsonResponse(404, { detail: 'Not found.' }), ok]);
    await failure(client.workItems.get(PROJECT, ITEM));
    expect(requests).toHaveLength(1);
  });

  it('retries a network error and succeeds', async () => {
    const { client, requests } = setup([() => new TypeError('fetch failed'), ok]);
    await client.me();
    expect(requests).toHaveLength(2);
  });

  it('surfaces repeated network errors as a PlaneNetworkError after maxAttempts', async () => {
    const down = () => new TypeError('fetch failed');
    const { client, requests } = setup([down, down, down], { maxAttempts: 3 });
    const error = await failure(client.me());
    expect([error instanceof PlaneNetworkError, (error as PlaneNetworkError).code, requests.length]).toEqual([
      true,
      'plane_network_error',
      3,
    ]);
  });
});

describe('createPlaneClient 401', () => {
  it('renews the token once, passing the rejected token', async () => {
    const { client, tokenCalls } = setup([() => jsonResponse(401, { detail: 'Invalid token.' }), ok]);
    await client.me();
    expect(tokenCalls).toEqual([undefined, TOKEN]);
  });

  it('retries with the renewed token', async () => {
    const { client, requests } = setup([() => jsonResponse(401, { detail: 'Invalid token.' }), ok]);
    await client.me();
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${TOKEN}`, `Bearer ${RENEWED}`]);
  });

  it('throws PlaneApiError 401 when the renewed token is refused too', async () => {
    const refused = () => jsonResponse(401, { detail: 'Invalid token.' });
    const { client, requests } = setup([refused, refused, refused]);
    const error = await failure(client.me());
    expect([error instanceof PlaneApiError && error.planeStatus, requests.length]).toEqual([401, 2]);
  });
});

describe('createPlaneClient creates', () => {
  const comment = { comment_html: '<p>Done</p>', external_source: 'kit', external_id: 'evt-1' };

  it('returns created: true with the new record', async () => {
    const { client } = setup([() => jsonResponse(201, { id: 'cm-1', comment_html: '<p>Done</p>' })]);
    await expect(client.comments.create(PROJECT, ITEM, comment)).resolves.toEqual({
      created: true,
      id: 'cm-1',
      value: { id: 'cm-1', comment_html: '<p>Done</p>' },
    });
  });

  it('turns a 409 on a duplicate external_id into created: false with the existing id', async () => {
    const { client } = setup([
      () =>
        jsonResponse(409, { error: 'Comment with the same external id and external source already exists', id: 'abc' }),
    ]);
    await expect(client.comments.create(PROJECT, ITEM, comment)).resolves.toEqual({ created: false, id: 'abc' });
  });
});

describe('createPlaneClient errors', () => {
  it("carries the status and Plane's error_code / error_message", async () => {
    const { client } = setup([
      () => jsonResponse(400, { error_code: 5900, error_message: 'Rate limit exceeded for this bucket' }),
    ]);
    const error = await failure(client.me());
    expect(error).toMatchObject({
      planeStatus: 400,
      planeErrorCode: '5900',
      planeMessage: 'Rate limit exceeded for this bucket',
    });
  });

  it("puts Plane's detail in the message with the method and path", async () => {
    const { client } = setup([
      () => jsonResponse(403, { detail: 'You do not have permission to perform this action.' }),
    ]);
    const error = await failure(client.workItems.get(PROJECT, ITEM));
    expect((error as Error).message).toBe(
      `Plane answered 403 to GET /api/v1/workspaces/acme/projects/${PROJECT}/work-items/${ITEM}/: You do ` +
        'not have permission to perform this action.',
    );
  });

  it('leaves the query string out of the message', async () => {
    const { client } = setup([() => jsonResponse(400, { error: 'bad cursor' })]);
    const error = await failure(client.workItems.list(PROJECT, { cursor: '100:1:0' }));
    expect((error as Error).message).not.toContain('?');
  });

  it.each<[string, ReadonlyArray<() => Response | Error>]>([
    ['a 400', [() => jsonResponse(400, { error: 'invalid' })]],
    ['a second 401', [() => jsonResponse(401, {}), () => jsonResponse(401, {})]],
    ['a network error', [() => new TypeError(`fetch failed: Authorization: Bearer ${TOKEN}`)]],
    ['a deadline', [() => jsonResponse(503, {}, { 'retry-after': '3600' })]],
  ])('never puts the bearer token in %s error', async (_label, script) => {
    const { client } = setup(script, { maxAttempts: 2 });
    const error = await failure(client.me());
    const shown = [(error as Error).message, String(error), JSON.stringify(error)].join('\n');
    expect([shown.includes(TOKEN), shown.includes(RENEWED)]).toEqual([false, false]);
  });
});

describe('createPlaneClient pagination', () => {
  const page = (ids: string[], next: string, more: boolean) => () =>
    jsonResponse(200, {
      results: ids.map((id) => ({ id, name: id })),
      next_cursor: next,
      next_page_results: more,
      total_count: 3,
    });

  it('listAll yields every item while next_page_results is true', async () => {
    const { client } = setup([page(['a', 'b'], '100:1:0', true), page(['c'], '100:2:0', false)]);
    const ids: string[] = [];
    for await (const item of client.workItems.listAll(PROJECT)) ids.push(item.id);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('listAll asks for the next page with next_cursor', async () => {
    const { client, requests } = setup([page(['a', 'b'], '100:1:0', true), page(['c'], '100:2:0', false)]);
    for await (const item of client.workItems.listAll(PROJECT)) void item;
    expect(requests.map((r) => new URL(r.url).searchParams.get('cursor'))).toEqual([null, '100:1:0']);
  });

  it('list never asks for more than 100 per page', async () => {
    const { client, requests } = setup([page([], '', false)]);
    await client.workItems.list(PROJECT, { perPage: 500 });
    expect(new URL(requests[0]?.url ?? '').searchParams.get('per_page')).toBe('100');
  });

  it('list maps the page fields', async () => {
    const { client } = setup([page(['a'], '100:1:0', true)]);
    await expect(client.workItems.list(PROJECT)).resolves.toEqual({
      results: [{ id: 'a', name: 'a' }],
      nextCursor: '100:1:0',
      hasNext: true,
      totalCount: 3,
    });
  });
});
