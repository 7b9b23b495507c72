import { readFileSync } from 'node:fs';
import { parseEnvelope } from '../../lambdas/core/envelope';
import { FIXTURES, fixtureFile } from '../../lambdas/local/fixtures';
import { pythonJsonDumps } from '../../lambdas/local/plane-simulator';

const AGENT = Object.keys(FIXTURES).filter((name) => name.startsWith('agent_run_'));
const ACTOR = '6bb20d1c-4960-41ca-af4f-cee01de160c4';

describe('the agent webhook fixtures', () => {
  it('cover every event and form: wrapped as the server sends them, bare, the docs’ examples, Stop', () => {
    expect(AGENT).toEqual([
      'agent_run_create',
      'agent_run_create-bare',
      'agent_run_create-docs',
      'agent_run_user_prompt',
      'agent_run_user_prompt-bare',
      'agent_run_user_prompt-docs',
      'agent_run_user_prompt-stop',
      'agent_run_user_prompt-stop-docs',
    ]);
  });

  it.each(AGENT)('%s is Python json.dumps bytes: what npm run send-webhook sends is the file', (name) => {
    const bytes = readFileSync(fixtureFile(name), 'utf8');
    expect(pythonJsonDumps(FIXTURES[name].body)).toBe(bytes);
    expect(bytes).toMatch(/^\{"[a-z_]+": /);
    expect(bytes).not.toMatch(/[^\x20-\x7e]/);
  });

  it.each(AGENT)('%s parses as an agent event of its name, with the user who asked as actor', (name) => {
    const { event, body } = FIXTURES[name];
    const parsed = parseEnvelope(pythonJsonDumps(body), { eventName: event });
    const prompt = event === 'agent_run_user_prompt';
    expect([parsed.version, parsed.event, parsed.name]).toEqual([
      'agent',
      event,
      prompt ? 'agent_run_user_prompt.prompted' : 'agent_run_create.created',
    ]);
    expect(parsed.aliases ?? []).toEqual(prompt ? ['agent_run_user_prompt.created'] : []);
    // The docs' run has no creator: there, only the prompt's actor says who asked.
    expect(parsed.actorId).toBe(name === 'agent_run_create-docs' ? undefined : ACTOR);
  });

  it('the server’s wrapped form carries the payload as data and as activity, in the envelope action "created"', () => {
    const body = FIXTURES.agent_run_user_prompt.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['event', 'action', 'webhook_id', 'workspace_id', 'data', 'activity']);
    expect([body.action, body.activity]).toEqual(['created', body.data]);
  });
});
