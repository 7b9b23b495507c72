import createDefaultApp from '../../lambdas/app';
import { createApp, declareSubscriptions } from '../../lambdas/core/router';
import {
  formatSubscriptions,
  nameMatcher,
  parseSubscriptions,
  routingNames,
  subscribedBy,
} from '../../lambdas/core/subscriptions';
import { captureLogger, makeInstallation, planeEvent, unusedPlaneClient } from './helpers';

const prompt = planeEvent('agent_run_user_prompt', 'prompted', { aliases: ['agent_run_user_prompt.created'] });

describe('nameMatcher', () => {
  it.each([
    ['issue', 'issue', true],
    ['issue', 'issue.created', false],
    ['issue.created', 'issue.created', true],
    ['issue.*', 'issue.created', true],
    ['issue.*', 'issue', false],
    ['issue.*', 'issue_comment.created', false],
    ['*.deleted', 'module.deleted', true],
    ['*.deleted', 'issue.deleted.extra', false],
    ['agent_run_*', 'agent_run_create', true],
    ['agent_run_*', 'agent_run_create.created', false],
    ['*', 'anything.at.all', true],
    ['issue.c*d', 'issue.created', true],
    ['issue.c*d', 'issue.cd', true],
  ])('%s against %s: %s', (subscription, name, expected) => {
    expect(nameMatcher(subscription)(name)).toBe(expected);
  });

  it('reads the dot as a dot, not as any character', () => {
    expect(nameMatcher('issue.*')('issueXcreated')).toBe(false);
  });
});

describe('subscribedBy', () => {
  it('matches an event by any of its names: resource, full name or alias', () => {
    const names = routingNames(prompt);
    expect(names).toEqual(['agent_run_user_prompt', 'agent_run_user_prompt.prompted', 'agent_run_user_prompt.created']);
    expect(subscribedBy(['agent_run_user_prompt.created'])(names)).toBe(true);
    expect(subscribedBy(['agent_run_*'])(names)).toBe(true);
    expect(subscribedBy(['issue', 'agent_run_create'])(names)).toBe(false);
  });

  it('matches nothing when there is no subscription', () => {
    expect(subscribedBy([])(['issue', 'issue.created'])).toBe(false);
  });
});

describe('formatSubscriptions and parseSubscriptions', () => {
  it('write a sorted JSON array, each name once, and read it back', () => {
    const text = formatSubscriptions(['issue_comment.created', 'agent_run_*', 'issue_comment.created']);
    expect(text).toBe('["agent_run_*","issue_comment.created"]');
    expect(parseSubscriptions(text)).toEqual(['agent_run_*', 'issue_comment.created']);
  });

  it('write * alone when it is there: it covers the rest', () => {
    expect(formatSubscriptions(['issue', '*'])).toBe('["*"]');
  });

  it('keep an empty list apart from no setting: the app handles nothing', () => {
    expect(parseSubscriptions(formatSubscriptions([]))).toEqual([]);
  });

  it.each([
    ['issue,issue_comment', 'must be a JSON array of event names'],
    ['{"issue": true}', 'must be a JSON array of event names'],
    ['["issue", 7]', 'an event name must be a non-empty string'],
    ['["issue created"]', '"issue created" is not an event name'],
  ])('refuse %s: %s', (text, reason) => {
    expect(() => parseSubscriptions(text)).toThrow(reason);
  });

  it('refuse to write a name that ingest could not read', () => {
    expect(() => formatSubscriptions(['issue', 'bad name'])).toThrow('"bad name" is not an event name');
  });
});

describe('the router with wildcards', () => {
  const ctx = () => ({ installation: makeInstallation(), plane: unusedPlaneClient(), log: captureLogger().log });

  it('gives a wildcard handler every event it matches, once, beside exact handlers', async () => {
    const seen: string[] = [];
    const app = createApp((a) => {
      a.on(['issue.*', 'issue.created'], (event) => void seen.push(`both ${event.name}`));
      a.on('*.deleted', (event) => void seen.push(`deleted ${event.name}`));
    });
    for (const event of [
      planeEvent('issue', 'created'),
      planeEvent('issue', 'deleted'),
      planeEvent('cycle', 'created'),
    ])
      await app.receive(event, ctx());
    expect(seen).toEqual(['both issue.created', 'both issue.deleted', 'deleted issue.deleted']);
  });

  it("treats on('*') as onAny", () => {
    const app = createApp((a) => a.on('*', () => undefined));
    expect(app.handles(planeEvent('module', 'updated'))).toBe(true);
    expect(app.subscriptions()).toEqual(['*']);
  });

  it('refuses a name that cannot be an event name, saying why', () => {
    expect(() => createApp((a) => a.on('issue created', () => undefined))).toThrow(
      'app.on: "issue created" is not an event name',
    );
  });
});

describe('subscriptions() and declareSubscriptions', () => {
  it('list the names and patterns handlers are registered under, sorted, each once', () => {
    const app = createApp((a) => {
      a.on(['issue_comment.created', 'issue.*'], () => undefined);
      a.on('issue_comment.created', () => undefined);
      a.onError(() => undefined);
    });
    expect(app.subscriptions()).toEqual(['issue.*', 'issue_comment.created']);
  });

  it('are ["*"] once onAny is registered', () => {
    expect(createApp((a) => a.on('issue', () => undefined).onAny(() => undefined)).subscriptions()).toEqual(['*']);
  });

  it("read the example agent's subscriptions without running a handler, per stage setting", () => {
    expect(declareSubscriptions(createDefaultApp, { agentRuns: false })).toEqual(['issue_comment.created']);
    expect(declareSubscriptions(createDefaultApp, { agentRuns: true })).toEqual([
      'agent_run_create',
      'agent_run_user_prompt',
    ]);
  });
});
