import type { AgentAnswer } from '../../lambdas/core/agent-runs';
import { createPlaneClient } from '../../lambdas/core/plane-client';
import { PlaneApiError } from '../../lambdas/core/plane-errors';
import type { AgentActivity } from '../../lambdas/core/plane-types';
import { fakeClock, fakeSleep, jsonResponse, type RecordedRequest, recordingFetch } from './helpers';

const RUN = 'run-5e1d';
const PROMPT = 'prompt-1';
const ACTIVITIES = `https://plane.test/api/v1/workspaces/acme/runs/${RUN}/activities/`;
const RESPONSE: AgentAnswer = { type: 'response', content: { type: 'response', body: 'Done' } };

const prompt = (id = PROMPT, signal = 'continue'): AgentActivity => ({ id, type: 'prompt', signal });
const answerTo = (promptId: string, id = `answer-to-${promptId}`): AgentActivity => ({
  id,
  type: 'response',
  content_metadata: { prompt_activity_id: promptId },
});

/** Plane's list answer for one page (apps/api/plane/utils/paginator.py). */
const page = (results: AgentActivity[], next = false, perPage = 100, index = 0) =>
  jsonResponse(200, {
    next_cursor: `${perPage}:${index + 1}:0`,
    prev_cursor: `${perPage}:${index - 1}:1`,
    next_page_results: next,
    results,
  });

type Answer = (request: RecordedRequest) => Response | Error;

/** A client whose Plane answers each request with the next of `script`. */
function setup(script: Answer[]) {
  const clock = fakeClock();
  const sleeper = fakeSleep(clock);
  const { fetch, requests } = recordingFetch((request, index) => {
    const next = script[index];
    if (!next) throw new Error(`unexpected request #${index + 1}: ${request.method} ${request.url}`);
    const answer = next(request);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  const client = createPlaneClient({
    baseUrl: 'https://plane.test',
    workspaceSlug: 'acme',
    token: async () => 'token',
    fetch,
    clock: clock.now,
    sleep: sleeper.sleep,
  });
  const calls = () => requests.map((request) => `${request.method} ${request.url.replace(ACTIVITIES, '…/')}`);
  return { client, runs: client.agentRuns, requests, calls, delays: sleeper.delays };
}

const created = (request: RecordedRequest) => jsonResponse(201, { id: 'new', ...JSON.parse(request.body ?? '{}') });
const badGateway = () => new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502 });

describe('agentRuns.listActivities', () => {
  it('reads every page, sending per_page on each request (Plane sizes pages by it)', async () => {
    const { runs, calls } = setup([() => page([prompt()], true), () => page([answerTo(PROMPT)], false, 100, 1)]);
    expect((await runs.listActivities(RUN)).map((activity) => activity.id)).toEqual([PROMPT, 'answer-to-prompt-1']);
    expect(calls()).toEqual(['GET …/?per_page=100', 'GET …/?per_page=100&cursor=100%3A1%3A0']);
  });
});

describe('agentRuns.respond', () => {
  it('posts the answer with the prompt’s id in content_metadata when the prompt is open', async () => {
    const { runs, requests } = setup([() => page([prompt()]), created]);
    const result = await runs.respond(RUN, PROMPT, RESPONSE);
    expect(result.outcome).toBe('posted');
    expect(JSON.parse(requests[1]?.body ?? '{}')).toEqual({
      ...RESPONSE,
      content_metadata: { prompt_activity_id: PROMPT },
    });
  });

  it('posts nothing for a prompt already answered (a redelivered event)', async () => {
    const { runs, calls } = setup([() => page([prompt(), answerTo(PROMPT)])]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).resolves.toMatchObject({ outcome: 'answered' });
    expect(calls()).toEqual(['GET …/?per_page=100']);
  });

  it('finds its answer by id after a later prompt (two quick prompts answered out of order)', async () => {
    const { runs } = setup([() => page([prompt(), prompt('prompt-2'), answerTo(PROMPT)])]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).resolves.toMatchObject({ outcome: 'answered' });
  });

  it('does not take the answer of an earlier prompt for its own', async () => {
    const { runs } = setup([() => page([prompt(), prompt('prompt-2'), answerTo(PROMPT)]), created]);
    await expect(runs.respond(RUN, 'prompt-2', RESPONSE)).resolves.toMatchObject({ outcome: 'posted' });
  });

  it('takes an unmarked response right after the prompt as its answer', async () => {
    const { runs } = setup([() => page([prompt(), { id: 'r', type: 'response' }])]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).resolves.toMatchObject({ outcome: 'answered' });
  });

  it('answers nothing when Stop was pressed after the prompt', async () => {
    const { runs, calls } = setup([() => page([prompt(), prompt('stop-1', 'stop')])]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).resolves.toEqual({ outcome: 'stopped' });
    expect(calls()).toHaveLength(1);
  });

  it('runs a function answer only for an open prompt, and checks again before posting', async () => {
    const { runs, calls } = setup([() => page([prompt()]), () => page([prompt()]), created]);
    const work = jest.fn(async () => RESPONSE);
    await expect(runs.respond(RUN, PROMPT, work)).resolves.toMatchObject({ outcome: 'posted' });
    expect([work.mock.calls.length, calls()]).toEqual([1, ['GET …/?per_page=100', 'GET …/?per_page=100', 'POST …/']]);
  });

  it('posts nothing when Stop was pressed while the answer was worked out', async () => {
    const { runs, calls } = setup([() => page([prompt()]), () => page([prompt(), prompt('stop-1', 'stop')])]);
    await expect(runs.respond(RUN, PROMPT, async () => RESPONSE)).resolves.toEqual({ outcome: 'stopped' });
    expect(calls()).toHaveLength(2);
  });

  it('after a 502 it looks, instead of posting again, and finds the answer Plane saved', async () => {
    const { runs, calls, delays } = setup([
      () => page([prompt()]),
      badGateway,
      () => page([prompt(), answerTo(PROMPT, 'saved')]),
    ]);
    const result = await runs.respond(RUN, PROMPT, RESPONSE);
    expect([result.outcome, result.activity?.id]).toEqual(['posted', 'saved']);
    expect(calls()).toEqual(['GET …/?per_page=100', 'POST …/', 'GET …/?per_page=100']);
    expect(delays).toEqual([1000]);
  });

  it('after a time-out with nothing saved it posts once more; a second failure is thrown', async () => {
    const timeout = () =>
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const { runs, calls } = setup([() => page([prompt()]), timeout, () => page([prompt()]), badGateway]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).rejects.toMatchObject({ planeStatus: 502 });
    expect(calls().filter((call) => call.startsWith('POST'))).toHaveLength(2);
  });

  it('throws a 400 at once: Plane refused the answer, so there is nothing to look for', async () => {
    const refused = () => jsonResponse(400, { content: ['Invalid content format.'] });
    const { runs, calls } = setup([() => page([prompt()]), refused]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).rejects.toBeInstanceOf(PlaneApiError);
    expect(calls()).toHaveLength(2);
  });

  it('retries a 429 as any call does: Plane did nothing', async () => {
    const limited = () => jsonResponse(429, { error_code: 5900 }, { 'Retry-After': '1' });
    const { runs, calls } = setup([() => page([prompt()]), limited, created]);
    await expect(runs.respond(RUN, PROMPT, RESPONSE)).resolves.toMatchObject({ outcome: 'posted' });
    expect(calls()).toEqual(['GET …/?per_page=100', 'POST …/', 'POST …/']);
  });
});

describe('createPlaneClient request with retryAmbiguous: false', () => {
  it('throws a 5xx at once, where the default sends the request again', async () => {
    const strict = setup([badGateway]);
    const post = { body: {}, retryAmbiguous: false };
    await expect(strict.client.request('POST', '/x/', post)).rejects.toMatchObject({ planeStatus: 502 });
    const lenient = setup([badGateway, () => jsonResponse(201, {})]);
    await expect(lenient.client.request('POST', '/x/', { body: {} })).resolves.toEqual({});
    expect([strict.requests.length, lenient.requests.length]).toEqual([1, 2]);
  });

  it('throws a network error at once', async () => {
    const { client, requests } = setup([() => new TypeError('fetch failed')]);
    await expect(client.request('POST', '/x/', { retryAmbiguous: false })).rejects.toThrow('POST');
    expect(requests).toHaveLength(1);
  });
});
