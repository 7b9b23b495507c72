import { createFakePlaneClient, FAKE_BOT_USER_ID } from './fake-plane-client';

const item = (id: string, project = 'p1') => ({ id, project, name: `item ${id}` });

describe('the fake Plane client', () => {
  it('records every call in order, with its arguments', async () => {
    const plane = createFakePlaneClient({ workItems: [item('i1')] });
    await plane.workItems.get('p1', 'i1', { expand: ['state'] });
    await plane.me();
    expect(plane.calls).toEqual([
      { method: 'workItems.get', args: ['p1', 'i1', { expand: ['state'] }] },
      { method: 'me', args: [] },
    ]);
    expect(plane.callsTo('me')).toEqual([[]]);
  });

  it('rejects a read of a work item it does not hold, naming the path as Plane would', async () => {
    const plane = createFakePlaneClient({ workItems: [item('i1', 'other-project')] });
    await expect(plane.workItems.get('p1', 'i1')).rejects.toThrow(
      'Plane answered 404 to GET /api/v1/workspaces/acme/projects/p1/work-items/i1/',
    );
  });

  it('answers a second create with the same external pair in the project as Plane’s 409 does', async () => {
    const plane = createFakePlaneClient();
    const input = { comment_html: '<p>hi</p>', external_source: 'my-app', external_id: 'x' };
    const first = await plane.comments.create('p1', 'i1', input);
    const again = await plane.comments.create('p1', 'i2', input);
    const elsewhere = await plane.comments.create('p2', 'i1', input);
    expect(first).toMatchObject({ created: true, value: { ...input, actor: FAKE_BOT_USER_ID, issue: 'i1' } });
    expect(again).toEqual({ created: false, id: first.id });
    expect(elsewhere.created).toBe(true);
    expect(plane.records.comments).toHaveLength(2);
  });

  it('creates work items with new ids, once per external pair', async () => {
    const plane = createFakePlaneClient();
    const input = { name: 'From Jira', external_source: 'jira', external_id: 'J-1' };
    const first = await plane.workItems.create('p1', input);
    expect(await plane.workItems.create('p1', input)).toEqual({ created: false, id: first.id });
    expect(await plane.workItems.get('p1', first.id ?? '')).toMatchObject({ ...input, project: 'p1' });
  });

  it('pages lists with Plane’s cursor and yields every item from listAll', async () => {
    const plane = createFakePlaneClient({ workItems: [item('a'), item('b'), item('c'), item('d', 'p2')] });
    const first = await plane.workItems.list('p1', { perPage: 2 });
    const second = await plane.workItems.list('p1', { perPage: 2, cursor: first.nextCursor });
    expect([first.results.map((r) => r.id), first.hasNext, first.nextCursor]).toEqual([['a', 'b'], true, '2:1:0']);
    expect([second.results.map((r) => r.id), second.hasNext, second.totalCount]).toEqual([['c'], false, 3]);
    const all: string[] = [];
    for await (const workItem of plane.workItems.listAll('p1')) all.push(workItem.id);
    expect(all).toEqual(['a', 'b', 'c']);
  });

  it('applies updates to what it holds, and hands out copies', async () => {
    const plane = createFakePlaneClient({ workItems: [item('i1')] });
    const updated = await plane.workItems.update('p1', 'i1', { priority: 'high' });
    updated.priority = 'none';
    expect(plane.records.workItems[0]).toMatchObject({ id: 'i1', priority: 'high' });
  });

  it('keeps agent-run activities with their run', async () => {
    const plane = createFakePlaneClient();
    const activity = { type: 'thought' as const, content: { type: 'thought' as const, body: 'Thinking' } };
    const answer = await plane.agentRuns.createActivity('run-1', activity);
    expect(plane.records.activities).toEqual([{ ...activity, id: answer.id, runId: 'run-1', actor: FAKE_BOT_USER_ID }]);
  });

  it('fails the next call to a method once, after recording it', async () => {
    const plane = createFakePlaneClient();
    plane.failNext('comments.list', new Error('Plane answered 503'));
    await expect(plane.comments.list('p1', 'i1')).rejects.toThrow('Plane answered 503');
    await expect(plane.comments.list('p1', 'i1')).resolves.toEqual([]);
    expect(plane.callsTo('comments.list')).toHaveLength(2);
  });

  it('answers request() only when the test gives an answer', async () => {
    await expect(createFakePlaneClient().request('GET', '/projects/')).rejects.toThrow('no answer to GET /projects/');
    const plane = createFakePlaneClient({ request: (method, path) => ({ method, path }) });
    await expect(plane.request('GET', '/projects/')).resolves.toEqual({ method: 'GET', path: '/projects/' });
  });
});
