import { decodeBody, dedupKeyOf, parseEnvelope } from '../../lambdas/core/envelope';
import { ValidationError } from '../../lambdas/core/errors';
import { httpStatusOf } from '../../lambdas/core/http-errors';
import {
  FIXTURE_ACTOR_ID,
  FIXTURE_SHA256,
  FIXTURE_WEBHOOK_ID,
  FIXTURE_WORKSPACE_ID,
  fixtureBytes,
  fixtureText,
} from './helpers';

const issueCreated = fixtureText('issue-created.json.txt');
const WS = FIXTURE_WORKSPACE_ID;

/** A v1 envelope, keys in Plane's order. */
function v1(event: string, action: string | undefined, data: Record<string, unknown>): string {
  return JSON.stringify({
    event,
    ...(action === undefined ? {} : { action }),
    webhook_id: FIXTURE_WEBHOOK_ID,
    workspace_id: WS,
    data,
    activity: { field: null, new_value: null, old_value: null, actor: { id: FIXTURE_ACTOR_ID, display_name: 'zoe' } },
  });
}

const agentRun = {
  id: 'run-5e1d',
  status: 'created',
  issue: 'c6a9f3e1-2d4b-4f8a-b7c5-9e0d1f2a3b4c',
  project: '4b7e2c9d-1a3f-4e6b-8d0c-5f9a2e7b1c3d',
  workspace: WS,
  comment: 'cm-77',
};

const bareAgentRun = {
  type: 'agent_run',
  agent_run: agentRun,
  agent_user_id: 'b0b0b0b0-1111-4222-8333-444455556666',
  app_client_id: 'client-abc',
  issue_id: agentRun.issue,
  project_id: agentRun.project,
  workspace_id: WS,
  comment_id: 'cm-77',
};

const barePrompt = {
  type: 'agent_run_activity',
  action: 'prompted',
  agent_run_activity: { id: 'act-1', content: { type: 'prompt', body: 'and the tests?' }, signal: 'continue' },
  agent_run: agentRun,
  workspace_id: WS,
};

function parseError(body: string): ValidationError {
  try {
    parseEnvelope(body);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('parseEnvelope accepted the body');
}

describe('parseEnvelope: v1 envelopes', () => {
  it('names an issue creation issue.created', () => {
    expect(parseEnvelope(issueCreated).name).toBe('issue.created');
  });

  it('splits the name into event and action', () => {
    const event = parseEnvelope(issueCreated);
    expect([event.event, event.action, event.version]).toEqual(['issue', 'created', 'v1']);
  });

  it('reads workspace_id', () => {
    expect(parseEnvelope(issueCreated).workspaceId).toBe(WS);
  });

  it('takes the actor from activity.actor.id', () => {
    expect(parseEnvelope(issueCreated).actorId).toBe(FIXTURE_ACTOR_ID);
  });

  it('reads webhook_id', () => {
    expect(parseEnvelope(issueCreated).webhookId).toBe(FIXTURE_WEBHOOK_ID);
  });

  it('has no eventId (v1 has none: de-duplication falls back to the body hash)', () => {
    expect(parseEnvelope(issueCreated).eventId).toBeUndefined();
  });

  it('decodes \\u escapes in data', () => {
    const data = parseEnvelope(issueCreated).data as { name?: unknown };
    expect(data.name).toBe('Café menu — résumé of the naïve façade');
  });

  it.each([
    ['create', 'created'],
    ['update', 'updated'],
    ['delete', 'deleted'],
  ])('normalises the older action %s to %s', (older, normalised) => {
    expect(parseEnvelope(v1('issue', older, { id: 'i-1' })).name).toBe(`issue.${normalised}`);
  });

  it('keeps an action it does not know as it is', () => {
    expect(parseEnvelope(v1('issue', 'archived', { id: 'i-1' })).name).toBe('issue.archived');
  });

  it('names an event without an action by its event alone', () => {
    const event = parseEnvelope(v1('project', undefined, { id: 'p-1' }));
    expect([event.name, event.action]).toEqual(['project', undefined]);
  });

  it('parses a deleted event whose data is only {id}', () => {
    const event = parseEnvelope(v1('issue', 'deleted', { id: 'i-9' }));
    expect([event.name, event.data]).toEqual(['issue.deleted', { id: 'i-9' }]);
  });

  it('keeps the parsed body as payload', () => {
    expect(parseEnvelope(issueCreated).payload).toEqual(JSON.parse(issueCreated));
  });
});

describe('parseEnvelope: v2 envelopes', () => {
  const v2 = JSON.stringify({
    event: 'workitem.updated',
    event_id: 'evt_01HQ3Z6K8M',
    workspace_id: WS,
    data: { id: 'i-1', name: 'New name', priority: 'high' },
    previous_attributes: { name: 'Old name' },
  });

  it('splits a dot-named event into event and action', () => {
    const event = parseEnvelope(v2);
    expect([event.name, event.event, event.action, event.version]).toEqual([
      'workitem.updated',
      'workitem',
      'updated',
      'v2',
    ]);
  });

  it('reads event_id', () => {
    expect(parseEnvelope(v2).eventId).toBe('evt_01HQ3Z6K8M');
  });

  it('reads previous_attributes', () => {
    expect(parseEnvelope(v2).previousAttributes).toEqual({ name: 'Old name' });
  });

  it('names workitem.created as event workitem, action created', () => {
    const event = parseEnvelope(
      JSON.stringify({ event: 'workitem.created', event_id: 'evt_2', workspace_id: WS, data: { id: 'i-2' } }),
    );
    expect([event.event, event.action]).toEqual(['workitem', 'created']);
  });
});

describe('parseEnvelope: agent-run payloads', () => {
  it('marks a bare payload as an agent event with its workspace', () => {
    const event = parseEnvelope(JSON.stringify(bareAgentRun), { eventName: 'agent_run_create' });
    expect([event.version, event.workspaceId]).toEqual(['agent', WS]);
  });

  it('gives a bare payload the whole body as data', () => {
    const event = parseEnvelope(JSON.stringify(bareAgentRun), { eventName: 'agent_run_create' });
    expect(event.data).toEqual(bareAgentRun);
  });

  it('infers agent_run_create from type "agent_run" when the header is missing', () => {
    expect(parseEnvelope(JSON.stringify(bareAgentRun)).name).toBe('agent_run_create');
  });

  it('infers agent_run_user_prompt.prompted from type "agent_run_activity" and action "prompted"', () => {
    expect(parseEnvelope(JSON.stringify(barePrompt)).name).toBe('agent_run_user_prompt.prompted');
  });

  it('takes the workspace from agent_run.workspace when workspace_id is missing', () => {
    const { workspace_id: _omitted, ...withoutWorkspace } = bareAgentRun;
    expect(parseEnvelope(JSON.stringify(withoutWorkspace)).workspaceId).toBe(WS);
  });

  it('rejects a bare payload of an unknown type without the header', () => {
    expect(parseError(JSON.stringify({ ...bareAgentRun, type: 'mystery' })).message).toMatch(/X-Plane-Event/);
  });

  it('parses an agent run wrapped as data in a v1 envelope', () => {
    const wrapped = JSON.stringify({
      event: 'agent_run_create',
      action: 'created',
      webhook_id: FIXTURE_WEBHOOK_ID,
      workspace_id: WS,
      data: bareAgentRun,
    });
    const event = parseEnvelope(wrapped);
    expect([
      event.event,
      event.action,
      event.version,
      (event.data as { agent_run?: { id?: unknown } }).agent_run?.id,
    ]).toEqual(['agent_run_create', 'created', 'agent', 'run-5e1d']);
  });

  it('parses a wrapped agent_run_user_prompt with action prompted', () => {
    const wrapped = JSON.stringify({
      event: 'agent_run_user_prompt',
      action: 'prompted',
      webhook_id: FIXTURE_WEBHOOK_ID,
      workspace_id: WS,
      data: barePrompt,
    });
    expect(parseEnvelope(wrapped).name).toBe('agent_run_user_prompt.prompted');
  });

  it('routes a prompt as the server wraps it (envelope action "created") under its own action too', () => {
    const prompt = { ...barePrompt, agent_run_activity: { ...barePrompt.agent_run_activity, actor: 'user-ada' } };
    const wrapped = {
      event: 'agent_run_user_prompt',
      action: 'created',
      workspace_id: WS,
      data: prompt,
      activity: prompt,
    };
    const event = parseEnvelope(JSON.stringify(wrapped));
    expect([event.name, event.action, event.aliases, event.actorId]).toEqual([
      'agent_run_user_prompt.prompted',
      'prompted',
      ['agent_run_user_prompt.created'],
      'user-ada',
    ]);
  });

  it('routes a bare prompt (the docs’ form) under the same names', () => {
    const event = parseEnvelope(JSON.stringify(barePrompt), { eventName: 'agent_run_user_prompt' });
    expect([event.name, event.aliases]).toEqual(['agent_run_user_prompt.prompted', ['agent_run_user_prompt.created']]);
  });

  it('takes the run’s creator as the actor of agent_run_create (created_by is null)', () => {
    const run = { ...agentRun, created_by: null, creator: 'user-ada' };
    const wrapped = {
      event: 'agent_run_create',
      action: 'created',
      workspace_id: WS,
      data: { ...bareAgentRun, agent_run: run },
    };
    const event = parseEnvelope(JSON.stringify(wrapped));
    expect([event.name, event.aliases, event.actorId]).toEqual(['agent_run_create.created', undefined, 'user-ada']);
  });

  it('takes a wrapped agent run’s workspace from data when the envelope has none', () => {
    const wrapped = JSON.stringify({ event: 'agent_run_create', action: 'created', data: bareAgentRun });
    expect(parseEnvelope(wrapped).workspaceId).toBe(WS);
  });
});

describe('parseEnvelope: invalid bodies', () => {
  it.each<[string, string, RegExp]>([
    ['not JSON', '{"event": "issue",', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['a JSON array', '[{"event": "issue"}]', /not a JSON object/],
    ['a JSON string', '"issue"', /not a JSON object/],
    ['a JSON number', '42', /not a JSON object/],
    ['JSON null', 'null', /not a JSON object/],
    ['missing event', JSON.stringify({ action: 'created', workspace_id: WS, data: {} }), /no event name/],
    [
      'an empty event',
      JSON.stringify({ event: '', action: 'created', workspace_id: WS, data: {} }),
      /event must be a non-empty string/,
    ],
    [
      'a non-string event',
      JSON.stringify({ event: 42, action: 'created', workspace_id: WS, data: {} }),
      /event must be a non-empty string/,
    ],
    [
      'missing workspace_id',
      JSON.stringify({ event: 'issue', action: 'created', data: { id: 'i-1' } }),
      /workspace_id/,
    ],
    [
      'data as an array',
      JSON.stringify({ event: 'issue', action: 'created', workspace_id: WS, data: [] }),
      /data must be a JSON object/,
    ],
    [
      'data as a string',
      JSON.stringify({ event: 'issue', action: 'created', workspace_id: WS, data: 'x' }),
      /data must be a JSON object/,
    ],
  ])('rejects %s with invalid_envelope and the reason', (_label, body, reason) => {
    const error = parseError(body);
    expect([error.code, httpStatusOf(error), reason.test(error.message)]).toEqual(['invalid_envelope', 400, true]);
  });
});

describe('decodeBody', () => {
  it('decodes valid UTF-8, raw non-ASCII included', () => {
    expect(decodeBody(Buffer.from('{"name": "Zürich ✓"}', 'utf8'))).toBe('{"name": "Zürich ✓"}');
  });

  it.each<[string, number[]]>([
    ['a lone 0xFF byte', [0x7b, 0xff, 0x7d]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a truncated 3-byte sequence', [0x22, 0xe2, 0x82]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ])('rejects invalid UTF-8: %s', (_label, bytes) => {
    expect(() => decodeBody(Uint8Array.from(bytes))).toThrow(
      expect.objectContaining({ code: 'invalid_envelope', message: expect.stringMatching(/UTF-8/) }),
    );
  });

  it('rejects U+FFFE', () => {
    expect(() => decodeBody(Buffer.from('{"a": "\uFFFE"}', 'utf8'))).toThrow(
      expect.objectContaining({ code: 'invalid_envelope', message: expect.stringMatching(/U\+FFFE/) }),
    );
  });

  it('rejects U+FFFF', () => {
    expect(() => decodeBody(Buffer.from('{"a": "\uFFFF"}', 'utf8'))).toThrow(ValidationError);
  });
});

describe('dedupKeyOf', () => {
  const bytes = fixtureBytes('issue-created.json.txt');

  it('is sha256:<hex of the raw body> for a v1 event', () => {
    expect(dedupKeyOf(bytes, {})).toBe(`sha256:${FIXTURE_SHA256}`);
  });

  it('gives identical bytes the same key', () => {
    expect(dedupKeyOf(Buffer.from(bytes), {})).toBe(dedupKeyOf(bytes, {}));
  });

  it('gives a body one byte apart a different key', () => {
    const other = Buffer.from(bytes);
    other[other.length - 3] = 0x20;
    expect(dedupKeyOf(other, {})).not.toBe(dedupKeyOf(bytes, {}));
  });

  it('gives the same JSON re-serialised a different key', () => {
    expect(dedupKeyOf(JSON.stringify(JSON.parse(issueCreated)), {})).not.toBe(dedupKeyOf(bytes, {}));
  });

  it('gives the body text the same key as its bytes (ingest hashes bytes, the processor text)', () => {
    expect(dedupKeyOf(issueCreated, {})).toBe(dedupKeyOf(bytes, {}));
  });

  it('is event:<event_id> for a v2 event', () => {
    expect(dedupKeyOf(bytes, { eventId: 'evt_01HQ3Z6K8M' })).toBe('event:evt_01HQ3Z6K8M');
  });
});
