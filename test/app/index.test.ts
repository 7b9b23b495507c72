import { createExampleApp } from '../../lambdas/app';
import type { AgentPromptData, PlaneEvent } from '../../lambdas/core/events';
import type { Comment, WorkItem } from '../../lambdas/core/plane-types';
import { createApp } from '../../lambdas/core/router';
import { fakeHandlerContext } from '../helpers/fake-handler-context';
import { createFakePlaneClient, FAKE_BOT_USER_ID, type FakePlaneClient } from '../helpers/fake-plane-client';
import { agentPrompt, agentRunCreated, commentCreated, FAKE_USER_ID, mentionHtml } from '../helpers/plane-events';

const NOW = Date.UTC(2025, 2, 10, 12, 0, 0);
const ITEM: WorkItem = {
  id: 'item-1',
  project: 'project-1',
  name: 'Fix the login redirect loop',
  priority: 'low',
  assignees: [],
  created_at: new Date(NOW - 2 * 3_600_000).toISOString(),
};
const WHERE = { projectId: 'project-1', workItemId: 'item-1' };
const askBot = (text: string) => `<p>${mentionHtml(FAKE_BOT_USER_ID)} ${text}</p>`;

/** The comment `comment-1` that opened the run `run-1`, asking the bot `text`. */
const runComment = (text: string): Comment => ({
  id: 'comment-1',
  project: 'project-1',
  issue: 'item-1',
  comment_html: askBot(text),
});

/**
 * The example app with a fake Plane holding ITEM; `receive` delivers one event as the processor
 * would, after Plane saved the prompt of an `agent_run_user_prompt`.
 */
function exampleApp(options: { agentRuns?: boolean; comments?: Comment[] } = {}) {
  const plane = createFakePlaneClient({ workItems: [ITEM], comments: options.comments });
  const app = createApp(createExampleApp({ agentRuns: options.agentRuns, clock: () => NOW }));
  const receive = (event: PlaneEvent) => {
    if (event.event === 'agent_run_user_prompt') plane.savePrompt(event as PlaneEvent<AgentPromptData>);
    return app.receive(event, fakeHandlerContext({ plane }));
  };
  return { plane, receive };
}

const methods = (plane: FakePlaneClient) => plane.calls.map((call) => call.method);
const activities = (plane: FakePlaneClient) =>
  plane.records.activities.map(({ runId, type, content }) => [runId, type, 'body' in content ? content.body : '']);

describe('a comment that mentions the bot (agent runs off)', () => {
  it('answers with one comment reply carrying external_source and external_id', async () => {
    const { plane, receive } = exampleApp();
    await receive(commentCreated({ ...WHERE, commentId: 'comment-1', html: askBot('priority high') }));
    expect(plane.callsTo('workItems.update')).toEqual([['project-1', 'item-1', { priority: 'high' }]]);
    expect(plane.callsTo('comments.create')).toEqual([
      [
        'project-1',
        'item-1',
        {
          comment_html: '<p>Done: priority is now high.</p>',
          external_source: 'plane-app-kit',
          external_id: 'reply:comment-1',
        },
      ],
    ]);
  });

  it('runs the text around the mention as the command', async () => {
    const { plane, receive } = exampleApp();
    await receive(commentCreated({ ...WHERE, html: `<p>summary&nbsp;${mentionHtml(FAKE_BOT_USER_ID)}</p>` }));
    expect(plane.callsTo('workItems.get')).toHaveLength(1);
    expect(plane.records.comments[0].comment_html).toContain('<p>Summary of &#34;Fix the login redirect loop&#34;:');
  });

  it('assigns the commenter on "assign me"', async () => {
    const { plane, receive } = exampleApp();
    await receive(commentCreated({ ...WHERE, actorId: 'user-bob', html: askBot('assign me') }));
    expect(plane.records.workItems[0].assignees).toEqual(['user-bob']);
    expect(plane.records.comments.map((comment) => comment.comment_html)).toEqual([
      '<p>Done: you are now assigned to this work item.</p>',
    ]);
  });

  it('posts one reply when Plane delivers the same comment twice', async () => {
    const { plane, receive } = exampleApp();
    const event = commentCreated({ ...WHERE, html: askBot('help') });
    await receive(event);
    await receive(event);
    expect(plane.callsTo('comments.create')).toHaveLength(2);
    expect(plane.records.comments).toHaveLength(1);
  });

  it('fails the event, posting nothing, when Plane fails', async () => {
    const { plane, receive } = exampleApp();
    plane.failNext('workItems.get', new Error('Plane answered 503'));
    await expect(receive(commentCreated({ ...WHERE, html: askBot('summary') }))).rejects.toThrow('Plane answered 503');
    expect(plane.records.comments).toEqual([]);
  });
});

describe('a comment the bot does not answer', () => {
  it.each([
    ['no mention', commentCreated({ ...WHERE, html: '<p>summary</p>' })],
    ['a mention of someone else', commentCreated({ ...WHERE, html: `<p>${mentionHtml('user-ada')} summary</p>` })],
    ['the bot’s own comment', commentCreated({ ...WHERE, actorId: FAKE_BOT_USER_ID, html: askBot('summary') })],
  ])('%s: calls no Plane API', async (_case, event) => {
    const { plane, receive } = exampleApp();
    await receive(event);
    expect(plane.calls).toEqual([]);
  });

  it('a mention while agent runs are on: the run answers, so no comment reply', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(commentCreated({ ...WHERE, html: askBot('summary') }));
    expect(plane.calls).toEqual([]);
  });
});

/** Who answered what: the run, the activity type and its body. */
const typesOf = (plane: FakePlaneClient) => activities(plane).map(([, type]) => type);

describe('agent runs', () => {
  it('agent_run_create is only logged: the prompt is what gets answered', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('priority high')] });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1' }));
    expect(plane.calls).toEqual([]);
  });

  it('agent_run_user_prompt: a thought, the command, then one response', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' }));
    expect(methods(plane)).toEqual(['agentRuns.respond', 'agentRuns.createActivity', 'workItems.update']);
    expect(activities(plane)).toEqual([
      ['run-1', 'prompt', 'priority high'],
      ['run-1', 'thought', 'Looking at this work item…'],
      ['run-1', 'response', 'Done: priority is now high.'],
    ]);
  });

  it('the response carries the prompt’s id in content_metadata', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'help', activityId: 'prompt-7' }));
    expect(plane.records.activities.at(-1)?.content_metadata).toEqual({ prompt_activity_id: 'prompt-7' });
  });

  it('a prompt body in the server’s form (the comment HTML, mention included) is understood', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: askBot('priority high') }));
    expect(plane.records.workItems[0].priority).toBe('high');
    expect(activities(plane).at(-1)).toEqual(['run-1', 'response', 'Done: priority is now high.']);
  });

  it('escapes the response, which Plane inserts raw into <p>{body}</p>', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'summary' }));
    expect(activities(plane).at(-1)?.[2]).toMatch(/^Summary of &#34;Fix the login redirect loop&#34;:<br>• State: /);
  });

  it('"assign me": assigns the prompt’s actor', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'assign me', actorId: 'user-bob', createdBy: null }));
    expect(plane.records.workItems[0].assignees).toEqual(['user-bob']);
    expect(activities(plane).at(-1)?.[2]).toBe('Done: you are now assigned to this work item.');
  });

  it('"assign me" from a payload without the prompt’s actor: assigns the run’s creator', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'assign me', actorId: null, creator: 'user-cy' }));
    expect(plane.records.workItems[0].assignees).toEqual(['user-cy']);
  });

  it.each([
    ['create first', 'create'],
    ['prompt first', 'prompt'],
  ])('one mention’s two webhooks, %s: one thought and one response', async (_order, first) => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('assign me')] });
    const create = agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1', createdBy: null });
    const prompt = agentPrompt({ runId: 'run-1', ...WHERE, body: askBot('assign me'), createdBy: null });
    for (const event of first === 'create' ? [create, prompt] : [prompt, create]) await receive(event);
    expect(typesOf(plane)).toEqual(['prompt', 'thought', 'response']);
    expect(plane.records.workItems[0].assignees).toEqual([FAKE_USER_ID]);
  });

  it('a prompt delivered again (a redelivery, or once wrapped and once bare) is answered once', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' }));
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' }));
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high', form: 'bare' }));
    expect(typesOf(plane)).toEqual(['prompt', 'thought', 'response']);
    expect(plane.callsTo('workItems.update')).toHaveLength(1);
  });

  it('a follow-up prompt in the thread gets one more response', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'help', activityId: 'prompt-1' }));
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'summary', activityId: 'prompt-2' }));
    expect(typesOf(plane)).toEqual(['prompt', 'thought', 'response', 'prompt', 'thought', 'response']);
  });

  it('Stop: one confirmation and nothing more, whatever the stop prompt’s content says', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'Stopping', signal: 'stop', activityId: 'stop-1' }));
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'Stop', signal: 'stop', activityId: 'stop-1' }));
    expect(activities(plane)).toEqual([
      ['run-1', 'prompt', 'Stopping'],
      ['run-1', 'response', 'Stopped.'],
    ]);
    expect(plane.callsTo('agentRuns.createActivity')).toEqual([]);
  });

  it('a prompt that a Stop came after is not answered, not even with a thought', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    const prompt = agentPrompt({ runId: 'run-1', ...WHERE, body: 'summary', activityId: 'prompt-1' });
    plane.savePrompt(prompt);
    plane.savePrompt(agentPrompt({ runId: 'run-1', ...WHERE, body: 'Stopping', signal: 'stop', activityId: 'stop-1' }));
    await receive(prompt);
    expect(typesOf(plane)).toEqual(['prompt', 'prompt']);
    expect(plane.callsTo('workItems.get')).toEqual([]);
  });

  it('an activity that is not a prompt (posted with a user’s token, Plane sends it too) is not answered', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    const prompt = agentPrompt({ runId: 'run-1', ...WHERE, body: 'help' });
    const posted = { ...prompt.data, agent_run_activity: { ...prompt.data.agent_run_activity, type: 'response' } };
    await receive({ ...prompt, data: posted });
    expect(plane.callsTo('agentRuns.respond')).toEqual([]);
  });

  it('a run without a work item: a thought, then an error', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', body: 'help' }));
    expect(activities(plane).slice(1)).toEqual([
      ['run-1', 'thought', 'Looking at this work item…'],
      ['run-1', 'error', 'This run has no work item.'],
    ]);
  });

  it('fails the event, after the thought and with no response, when the command’s Plane call fails', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    plane.failNext('workItems.update', new Error('Plane answered 500'));
    const prompt = agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' });
    await expect(receive(prompt)).rejects.toThrow('Plane answered 500');
    expect(activities(plane).slice(1)).toEqual([['run-1', 'thought', 'Looking at this work item…']]);
  });
});
