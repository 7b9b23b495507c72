import type { PlaneEvent } from '../../lambdas/core/events';
import { createApp, type HandlerContext } from '../../lambdas/core/router';
import { captureLogger, makeInstallation, planeEvent, unusedPlaneClient } from './helpers';

function context(): { ctx: HandlerContext; lines: ReturnType<typeof captureLogger>['lines'] } {
  const { log, lines } = captureLogger();
  return { ctx: { installation: makeInstallation(), plane: unusedPlaneClient(), log }, lines };
}

/** Registers a handler that records the names of the events it got. */
function recorder(): { names: string[]; handler: (event: PlaneEvent) => void } {
  const names: string[] = [];
  return { names, handler: (event) => void names.push(event.name) };
}

const created = planeEvent('issue', 'created');
const updated = planeEvent('issue', 'updated');
const deleted = planeEvent('issue', 'deleted');

describe('createApp routing', () => {
  it("gives on('issue.created') a creation", async () => {
    const seen = recorder();
    const { ctx } = context();
    await createApp((app) => app.on('issue.created', seen.handler)).receive(created, ctx);
    expect(seen.names).toEqual(['issue.created']);
  });

  it("does not give on('issue.created') an update", async () => {
    const seen = recorder();
    const { ctx } = context();
    await createApp((app) => app.on('issue.created', seen.handler)).receive(updated, ctx);
    expect(seen.names).toEqual([]);
  });

  it("gives on('issue') every action", async () => {
    const seen = recorder();
    const { ctx } = context();
    const app = createApp((a) => a.on('issue', seen.handler));
    for (const event of [created, updated, deleted]) await app.receive(event, ctx);
    expect(seen.names).toEqual(['issue.created', 'issue.updated', 'issue.deleted']);
  });

  it("does not give on('issue') an issue_comment event", async () => {
    const seen = recorder();
    const { ctx } = context();
    await createApp((app) => app.on('issue', seen.handler)).receive(planeEvent('issue_comment', 'created'), ctx);
    expect(seen.names).toEqual([]);
  });

  it('gives a handler registered for an array of names each of them, and nothing else', async () => {
    const seen = recorder();
    const { ctx } = context();
    const app = createApp((a) => a.on(['issue.created', 'issue_comment.created'], seen.handler));
    for (const event of [created, updated, planeEvent('issue_comment', 'created')]) await app.receive(event, ctx);
    expect(seen.names).toEqual(['issue.created', 'issue_comment.created']);
  });

  it('routes an event without an action by its event name', async () => {
    const seen = recorder();
    const { ctx } = context();
    await createApp((app) => app.on('agent_run_create', seen.handler)).receive(planeEvent('agent_run_create'), ctx);
    expect(seen.names).toEqual(['agent_run_create']);
  });

  it.each(['agent_run_user_prompt.prompted', 'agent_run_user_prompt.created', 'agent_run_user_prompt'])(
    'gives on(%s) a prompt, wrapped with envelope action "created" or bare with "prompted"',
    async (name) => {
      const seen = recorder();
      const { ctx } = context();
      const app = createApp((a) => a.on(name, seen.handler));
      const aliases = ['agent_run_user_prompt.created'];
      for (const event of [
        planeEvent('agent_run_user_prompt', 'prompted', { version: 'agent', aliases }),
        planeEvent('agent_run_user_prompt', 'prompted', { version: 'agent', aliases, payload: { type: 'bare' } }),
      ])
        await app.receive(event, ctx);
      expect(seen.names).toEqual(['agent_run_user_prompt.prompted', 'agent_run_user_prompt.prompted']);
    },
  );

  it('runs a handler registered under two names of one event once', async () => {
    const seen = recorder();
    const { ctx } = context();
    const app = createApp((a) =>
      a.on(['agent_run_user_prompt.prompted', 'agent_run_user_prompt.created'], seen.handler),
    );
    const prompt = planeEvent('agent_run_user_prompt', 'prompted', { aliases: ['agent_run_user_prompt.created'] });
    await app.receive(prompt, ctx);
    expect([seen.names, app.handles(prompt)]).toEqual([['agent_run_user_prompt.prompted'], true]);
  });

  it('gives onAny every event', async () => {
    const seen = recorder();
    const { ctx } = context();
    const app = createApp((a) => a.onAny(seen.handler));
    for (const event of [created, planeEvent('project', 'deleted'), planeEvent('agent_run_create')])
      await app.receive(event, ctx);
    expect(seen.names).toEqual(['issue.created', 'project.deleted', 'agent_run_create']);
  });

  it('passes the event and the context to the handler', async () => {
    const { ctx } = context();
    const calls: Array<[PlaneEvent, HandlerContext]> = [];
    await createApp((app) => app.on('issue', (event, c) => void calls.push([event, c]))).receive(created, ctx);
    expect(calls).toEqual([[created, ctx]]);
  });

  it('resolves receive only after every async handler has finished', async () => {
    const { ctx } = context();
    const finished: string[] = [];
    const later = (label: string) => async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      finished.push(label);
    };
    await createApp((app) => app.on('issue', later('a')).on('issue.created', later('b')).onAny(later('c'))).receive(
      created,
      ctx,
    );
    expect(finished.sort()).toEqual(['a', 'b', 'c']);
  });

  it('resolves receive when no handler matches', async () => {
    const { ctx } = context();
    await expect(createApp().receive(created, ctx)).resolves.toBeUndefined();
  });
});

describe('createApp failures', () => {
  it('rejects receive with the error of the one failing handler', async () => {
    const { ctx } = context();
    const boom = new Error('boom');
    const app = createApp((a) => a.on('issue', () => Promise.reject(boom)).on('issue.created', () => undefined));
    await expect(app.receive(created, ctx)).rejects.toBe(boom);
  });

  it('rejects receive when a handler throws synchronously', async () => {
    const { ctx } = context();
    const boom = new Error('sync boom');
    const app = createApp((a) =>
      a.on('issue', () => {
        throw boom;
      }),
    );
    await expect(app.receive(created, ctx)).rejects.toBe(boom);
  });

  it('gives onError handlers the error, the event and the context', async () => {
    const { ctx } = context();
    const boom = new Error('boom');
    const calls: unknown[][] = [];
    const app = createApp((a) => a.on('issue', () => Promise.reject(boom)).onError((...args) => void calls.push(args)));
    await app.receive(created, ctx).catch(() => undefined);
    expect(calls).toEqual([[boom, created, ctx]]);
  });

  it('still runs the other handlers when one fails', async () => {
    const { ctx } = context();
    const finished: string[] = [];
    const app = createApp((a) =>
      a
        .on('issue', () => Promise.reject(new Error('boom')))
        .on('issue.created', async () => {
          await new Promise<void>((resolve) => setImmediate(resolve));
          finished.push('slow sibling');
        }),
    );
    await app.receive(created, ctx).catch(() => undefined);
    expect(finished).toEqual(['slow sibling']);
  });

  it('rejects with an AggregateError of both errors when two handlers fail', async () => {
    const { ctx } = context();
    const first = new Error('first');
    const second = new Error('second');
    const app = createApp((a) => a.on('issue', () => Promise.reject(first)).onAny(() => Promise.reject(second)));
    const error: unknown = await app.receive(created, ctx).catch((e: unknown) => e);
    expect(error instanceof AggregateError ? error.errors : error).toEqual([first, second]);
  });

  it('rejects with the original error when an onError handler throws', async () => {
    const { ctx } = context();
    const boom = new Error('boom');
    const app = createApp((a) =>
      a
        .on('issue', () => Promise.reject(boom))
        .onError(() => {
          throw new Error('onError broke');
        }),
    );
    await expect(app.receive(created, ctx)).rejects.toBe(boom);
  });

  it('logs an onError handler that throws', async () => {
    const { ctx, lines } = context();
    const app = createApp((a) =>
      a.on('issue', () => Promise.reject(new Error('boom'))).onError(() => Promise.reject(new Error('onError broke'))),
    );
    await app.receive(created, ctx).catch(() => undefined);
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'onError handler failed',
        fields: { error: { name: 'Error', message: 'onError broke' } },
      },
    ]);
  });

  it('runs the next onError handler after one throws', async () => {
    const { ctx } = context();
    const reached: string[] = [];
    const app = createApp((a) =>
      a
        .on('issue', () => Promise.reject(new Error('boom')))
        .onError(() => {
          throw new Error('first onError broke');
        })
        .onError(() => void reached.push('second onError')),
    );
    await app.receive(created, ctx).catch(() => undefined);
    expect(reached).toEqual(['second onError']);
  });

  it('does not call onError when every handler succeeds', async () => {
    const { ctx } = context();
    const calls: unknown[] = [];
    await createApp((a) => a.on('issue', () => undefined).onError((error) => void calls.push(error))).receive(
      created,
      ctx,
    );
    expect(calls).toEqual([]);
  });
});

describe('createApp registration', () => {
  it('says it handles an event with a handler for its full name', () => {
    expect(createApp((a) => a.on('issue.created', () => undefined)).handles(created)).toBe(true);
  });

  it('says it handles an event with a handler for its event', () => {
    expect(createApp((a) => a.on('issue', () => undefined)).handles(deleted)).toBe(true);
  });

  it('says it handles anything once onAny is registered', () => {
    expect(createApp((a) => a.onAny(() => undefined)).handles(planeEvent('cycle', 'updated'))).toBe(true);
  });

  it('says it does not handle an event nobody listens to', () => {
    expect(createApp((a) => a.on('issue.created', () => undefined)).handles(updated)).toBe(false);
  });

  it('does not count onError as handling an event', () => {
    expect(createApp((a) => a.onError(() => undefined)).handles(created)).toBe(false);
  });

  it('throws for an empty event name', () => {
    expect(() => createApp().on('', () => undefined)).toThrow(TypeError);
  });

  it('throws for an empty name inside an array', () => {
    expect(() => createApp().on(['issue', ''], () => undefined)).toThrow(TypeError);
  });

  it('returns the app from on, onAny and onError so calls chain', () => {
    const app = createApp();
    expect([app.on('issue', () => undefined), app.onAny(() => undefined), app.onError(() => undefined)]).toEqual([
      app,
      app,
      app,
    ]);
  });
});
