import { createExampleApp } from '../../lambdas/app';
import { parseEnvelope } from '../../lambdas/core/envelope';
import type { AgentPromptData, PlaneEvent } from '../../lambdas/core/events';
import { createApp } from '../../lambdas/core/router';
import { FIXTURES } from '../../lambdas/local/fixtures';
import { pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { fakeHandlerContext } from '../helpers/fake-handler-context';
import { createFakePlaneClient } from '../helpers/fake-plane-client';

const PROJECT = '22b6fc9c-1849-45da-b103-52a3e3a6b4c1';
const ITEM = { id: '9a28bd00-ed9c-4f5d-8be9-fc05cbb1fc57', project: PROJECT, name: 'Café menu is blank on Safari' };

/** The example agent receiving the fixture `name` as the processor would, after Plane saved its prompt. */
async function answer(name: string) {
  const plane = createFakePlaneClient({ workItems: [ITEM] });
  const { event, body } = FIXTURES[name];
  const parsed = parseEnvelope(pythonJsonDumps(body), { eventName: event });
  if (parsed.event === 'agent_run_user_prompt') plane.savePrompt(parsed as PlaneEvent<AgentPromptData>);
  await createApp(createExampleApp({ agentRuns: true })).receive(parsed, fakeHandlerContext({ plane }));
  return plane.records.activities.filter((activity) => activity.type !== 'prompt');
}

const bodies = (activities: Awaited<ReturnType<typeof answer>>) =>
  activities.map((activity) => [activity.type, 'body' in activity.content ? activity.content.body : '']);

describe('the example agent on Plane’s agent webhooks, in every form', () => {
  it.each(['agent_run_create', 'agent_run_create-bare', 'agent_run_create-docs'])(
    '%s: nothing (the prompt is what gets answered)',
    async (name) => {
      expect(await answer(name)).toEqual([]);
    },
  );

  it.each(['agent_run_user_prompt', 'agent_run_user_prompt-bare', 'agent_run_user_prompt-docs'])(
    '%s: a thought and the summary, whether the body is the comment’s HTML or plain text',
    async (name) => {
      const answered = bodies(await answer(name));
      expect(answered.map(([type]) => type)).toEqual(['thought', 'response']);
      expect(answered[1][1]).toMatch(/^Summary of &#34;Café menu is blank on Safari&#34;:<br>/);
    },
  );

  it.each(['agent_run_user_prompt-stop', 'agent_run_user_prompt-stop-docs'])(
    '%s: one "Stopped.", whatever the stop prompt’s content',
    async (name) => {
      expect(bodies(await answer(name))).toEqual([['response', 'Stopped.']]);
    },
  );
});
