import { createExampleApp } from '../../lambdas/app';
import type { PlaneEvent } from '../../lambdas/core/events';
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

/** The example app with a fake Plane holding ITEM; `receive` delivers one event as the processor would. */
function exampleApp(options: { agentRuns?: boolean; comments?: Comment[] } = {}) {
  const plane = createFakePlaneClient({ workItems: [ITEM], comments: options.comments });
  const app = createApp(createExampleApp({ agentRuns: options.agentRuns, clock: () => NOW }));
  return { plane, receive: (event: PlaneEvent) => app.receive(event, fakeHandlerContext({ plane })) };
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

// The agent paths as the example answers them today; the tests named "today" pin what a later change will fix.
describe('agent runs', () => {
  it('agent_run_create: reads the run’s comment, then posts a thought and the answer', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('priority high')] });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1' }));
    expect(methods(plane)).toEqual([
      'comments.list',
      'agentRuns.createActivity',
      'workItems.update',
      'agentRuns.createActivity',
    ]);
    expect(activities(plane)).toEqual([
      ['run-1', 'thought', 'Looking at this work item…'],
      ['run-1', 'response', 'Done: priority is now high.'],
    ]);
  });

  it('agent_run_create with no comment: answers help', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE }));
    expect(activities(plane)[1][2]).toMatch(/^Here is what I can do on this work item:\n/);
  });

  it('agent_run_create with no work item: a thought, then an error', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentRunCreated({ runId: 'run-1' }));
    expect(activities(plane)).toEqual([
      ['run-1', 'thought', 'Looking at this work item…'],
      ['run-1', 'error', 'This run has no work item.'],
    ]);
  });

  it('today, agent_run_create "assign me" asks agent_run.created_by, which Plane leaves null: no one', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('assign me')] });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1', createdBy: null }));
    expect(activities(plane)[1]).toEqual([
      'run-1',
      'response',
      'I could not tell who asked, so I did not assign anyone.',
    ]);
    expect(plane.records.workItems[0].assignees).toEqual([]);
  });

  it('agent_run_create "assign me" with agent_run.created_by set: assigns that user', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('assign me')] });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1', createdBy: 'user-bob' }));
    expect(plane.records.workItems[0].assignees).toEqual(['user-bob']);
  });

  it('agent_run_user_prompt: a thought, the command, then the answer', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' }));
    expect(methods(plane)).toEqual(['agentRuns.createActivity', 'workItems.update', 'agentRuns.createActivity']);
    expect(activities(plane)).toEqual([
      ['run-1', 'thought', 'Looking at this work item…'],
      ['run-1', 'response', 'Done: priority is now high.'],
    ]);
  });

  it('agent_run_user_prompt "assign me": assigns the prompt’s actor', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'assign me', actorId: 'user-bob' }));
    expect(plane.records.workItems[0].assignees).toEqual(['user-bob']);
    expect(activities(plane)[1][2]).toBe('Done: you are now assigned to this work item.');
  });

  it('agent_run_user_prompt with the stop signal: one response, "Stopped."', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'Stopping', signal: 'stop' }));
    expect(activities(plane)).toEqual([['run-1', 'response', 'Stopped.']]);
    expect(methods(plane)).toEqual(['agentRuns.createActivity']);
  });

  it('today, a prompt body in the server’s form (the comment HTML, mention included) is not understood', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: askBot('priority high') }));
    expect(activities(plane)[1][2]).toMatch(/^I don't know "<p><mention-component /);
    expect(plane.records.workItems[0].priority).toBe('low');
  });

  it('today, one mention’s two webhooks are both answered: two thoughts and two responses', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true, comments: [runComment('help')] });
    await receive(agentRunCreated({ runId: 'run-1', ...WHERE, commentId: 'comment-1' }));
    await receive(agentPrompt({ runId: 'run-1', ...WHERE, body: 'help', actorId: FAKE_USER_ID }));
    expect(activities(plane).map(([, type]) => type)).toEqual(['thought', 'response', 'thought', 'response']);
  });

  it('fails the event, after the thought and with no response, when the command’s Plane call fails', async () => {
    const { plane, receive } = exampleApp({ agentRuns: true });
    plane.failNext('workItems.update', new Error('Plane answered 500'));
    const prompt = agentPrompt({ runId: 'run-1', ...WHERE, body: 'priority high' });
    await expect(receive(prompt)).rejects.toThrow('Plane answered 500');
    expect(activities(plane)).toEqual([['run-1', 'thought', 'Looking at this work item…']]);
  });
});
