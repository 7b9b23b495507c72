import { type CommandContext, runCommand } from '../../lambdas/app/commands';
import type { WorkItem } from '../../lambdas/core/plane-types';
import { createFakePlaneClient, type FakePlaneClient } from '../helpers/fake-plane-client';

const NOW = Date.UTC(2025, 2, 10, 12, 0, 0);
const ITEM: WorkItem = {
  id: 'item-1',
  project: 'project-1',
  name: 'Fix the login redirect loop',
  sequence_id: 7,
  state: { id: 'state-1', name: 'Todo', group: 'unstarted' },
  priority: 'low',
  assignees: [{ id: 'user-ada', display_name: 'ada' }],
  labels: [{ id: 'label-1', name: 'bug' }],
  created_at: new Date(NOW - 3 * 86_400_000).toISOString(),
};

/** A fake Plane holding ITEM (changed by `item`), and `run(input)` as asked by `askedBy` (null: nobody known). */
function setup(item: Partial<WorkItem> = {}, askedBy: string | null = 'user-bob') {
  const plane = createFakePlaneClient({ workItems: [{ ...ITEM, ...item }] });
  const ctx: CommandContext = {
    plane,
    projectId: 'project-1',
    workItemId: 'item-1',
    askedBy: askedBy ?? undefined,
    now: NOW,
  };
  return { plane, run: (input: string) => runCommand(input, ctx) };
}

const HELP_LINES = [
  'Here is what I can do on this work item:',
  '• help: this list',
  '• summary: its state, priority, assignees, labels and age',
  '• priority <urgent|high|medium|low|none>: change its priority',
  '• assign me: add you to its assignees',
];

const writes = (plane: FakePlaneClient) => plane.calls.filter((call) => call.method !== 'workItems.get');

describe('help', () => {
  it.each(['help', 'HELP', '', '   '])('answers %j with the list of commands and calls no Plane API', async (input) => {
    const { plane, run } = setup();
    const reply = await run(input);
    expect(reply.text).toBe(HELP_LINES.join('\n'));
    expect(plane.calls).toEqual([]);
  });

  it('renders each line as a paragraph, escaped', async () => {
    const reply = await setup().run('help');
    expect(reply.html).toMatch(/^<p>Here is what I can do on this work item:<\/p><p>• help: this list<\/p>/);
    expect(reply.html).toContain('<p>• priority &#60;urgent|high|medium|low|none&#62;: change its priority</p>');
  });
});

describe('summary', () => {
  it('reads the work item with state, assignees and labels expanded and describes it', async () => {
    const { plane, run } = setup();
    const reply = await run('summary');
    expect(plane.callsTo('workItems.get')).toEqual([
      ['project-1', 'item-1', { expand: ['state', 'assignees', 'labels'] }],
    ]);
    expect(reply.text.split('\n')).toEqual([
      'Summary of "Fix the login redirect loop" (#7):',
      '• State: Todo',
      '• Priority: low',
      '• Assignees: ada',
      '• Labels: bug',
      '• Age: 3 days',
    ]);
    expect(writes(plane)).toEqual([]);
  });

  it('says none or unknown for what the work item lacks', async () => {
    const { run } = setup({
      sequence_id: undefined,
      state: undefined,
      priority: undefined,
      assignees: [],
      labels: undefined,
      created_at: undefined,
    });
    expect((await run('summary')).text.split('\n')).toEqual([
      'Summary of "Fix the login redirect loop":',
      '• State: none',
      '• Priority: none',
      '• Assignees: none',
      '• Labels: none',
      '• Age: unknown',
    ]);
  });

  it.each([
    [0, '0 hours'],
    [1, '1 hour'],
    [23, '23 hours'],
    [24, '1 day'],
    [50, '2 days'],
  ])('gives the age of a work item created %i hours ago as %s', async (hours, age) => {
    const { run } = setup({ created_at: new Date(NOW - hours * 3_600_000).toISOString() });
    expect((await run('summary')).text).toContain(`• Age: ${age}`);
  });

  it('escapes the work item name in the HTML reply', async () => {
    const { run } = setup({ name: '<script>alert(1)</script> & co' });
    const reply = await run('summary');
    expect(reply.html).toContain(
      '<p>Summary of &#34;&#60;script&#62;alert(1)&#60;/script&#62; &#38; co&#34; (#7):</p>',
    );
    expect(reply.html).not.toContain('<script>');
  });
});

describe('priority <level>', () => {
  it.each(['urgent', 'high', 'medium', 'low', 'none'])('sets priority %s and confirms', async (level) => {
    const { plane, run } = setup();
    const reply = await run(`priority ${level}`);
    expect(plane.callsTo('workItems.update')).toEqual([['project-1', 'item-1', { priority: level }]]);
    expect(plane.records.workItems[0].priority).toBe(level);
    expect(reply.text).toBe(`Done: priority is now ${level}.`);
  });

  it('reads the level case-insensitively', async () => {
    const { plane, run } = setup();
    expect((await run('Priority HIGH')).text).toBe('Done: priority is now high.');
    expect(plane.records.workItems[0].priority).toBe('high');
  });

  it.each([
    ['priority critical', '"critical" is not a priority. Use one of: urgent, high, medium, low, none.'],
    ['priority', '"" is not a priority. Use one of: urgent, high, medium, low, none.'],
  ])('answers %j with the valid levels and changes nothing', async (input, answer) => {
    const { plane, run } = setup();
    expect((await run(input)).text).toBe(answer);
    expect(plane.calls).toEqual([]);
    expect(plane.records.workItems[0].priority).toBe('low');
  });
});

describe('assign me', () => {
  it('adds the asker to the assignees, keeping the others, and confirms', async () => {
    const { plane, run } = setup();
    const reply = await run('assign me');
    expect(plane.callsTo('workItems.update')).toEqual([
      ['project-1', 'item-1', { assignees: ['user-ada', 'user-bob'] }],
    ]);
    expect(plane.records.workItems[0].assignees).toEqual(['user-ada', 'user-bob']);
    expect(reply.text).toBe('Done: you are now assigned to this work item.');
  });

  it('reads assignees given as ids as well as expanded users', async () => {
    const { plane, run } = setup({ assignees: ['user-ada'] });
    await run('assign me');
    expect(plane.records.workItems[0].assignees).toEqual(['user-ada', 'user-bob']);
  });

  it('changes nothing when the asker is already assigned', async () => {
    const { plane, run } = setup({ assignees: [{ id: 'user-bob', display_name: 'bob' }] });
    expect((await run('assign me')).text).toBe('You are already assigned to this work item.');
    expect(writes(plane)).toEqual([]);
  });

  it('assigns no one when it cannot tell who asked, without calling Plane', async () => {
    const { plane, run } = setup({}, null);
    expect((await run('assign me')).text).toBe('I could not tell who asked, so I did not assign anyone.');
    expect(plane.calls).toEqual([]);
  });
});

describe('an unknown command', () => {
  it('says so and lists the commands, without calling Plane', async () => {
    const { plane, run } = setup();
    const reply = await run('make coffee');
    expect(reply.text.split('\n')).toEqual(['I don\'t know "make coffee".', ...HELP_LINES]);
    expect(plane.calls).toEqual([]);
  });

  it('quotes at most 80 characters of it', async () => {
    const reply = await setup().run(`x${'y'.repeat(200)}`);
    expect(reply.text.split('\n')[0]).toBe(`I don't know "x${'y'.repeat(79)}".`);
  });

  it.each(['assign you', 'assign'])('treats %j as unknown', async (input) => {
    const { plane, run } = setup();
    expect((await run(input)).text).toMatch(/^I don't know/);
    expect(plane.calls).toEqual([]);
  });
});

it('lets a Plane failure reject, so the event is retried', async () => {
  const { plane, run } = setup();
  plane.failNext('workItems.update', new Error('Plane answered 503'));
  await expect(run('priority high')).rejects.toThrow('Plane answered 503');
  expect(plane.records.workItems[0].priority).toBe('low');
});
