import type { SQSEvent } from 'aws-lambda';
import { type DeferRecords, processBatch } from '../../lambdas/adapters/sqs-batch';
import { DeadlineError } from '../../lambdas/core/errors';
import { GRANT_LIMIT, GRANT_SCHEDULE, GRANT_WINDOW_MS } from '../../lambdas/core/grant-schedule';
import type { StoredToken } from '../../lambdas/core/installation';
import { silentLogger } from '../../lambdas/core/logger';
import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { createMemoryRateBudget } from '../../lambdas/core/memory-stores';
import type { OAuthClient } from '../../lambdas/core/oauth-client';
import type { RateBudget } from '../../lambdas/core/ports';
import type { Processor } from '../../lambdas/core/process-event';
import { createTokenManager } from '../../lambdas/core/token-manager';
import { type FakeClock, fakeClock, fakeSleep, makeInstallation, rejection, T0 } from './helpers';

const HOUR = 3_600_000;
const expired: StoredToken = { accessToken: 'old', expiresAt: T0 - 1, renewAt: T0 - 301_000 };
/** Still valid for hours, but past the point where it may be renewed early. */
const renewable: StoredToken = { accessToken: 'old', expiresAt: T0 + 2 * HOUR, renewAt: T0 + HOUR, renewFrom: T0 - 1 };

/** Bot grants answered at once, each recorded with the workspace's installation and the time sent. */
function grantingOAuth(clock: FakeClock) {
  const sent: Array<{ installationId: string; at: number }> = [];
  const oauth = {
    botToken: async (installationId: string) => {
      sent.push({ installationId, at: clock.now() });
      return { access_token: `new-${installationId}`, token_type: 'Bearer', expires_in: 36_000 };
    },
  } as unknown as OAuthClient;
  return { oauth, sent };
}

async function setup(tokens: Record<string, StoredToken>) {
  const clock = fakeClock();
  const store = createMemoryInstallationStore();
  for (const [workspaceId, botToken] of Object.entries(tokens))
    await store.putInstallation(makeInstallation({ workspaceId, installationId: `inst-${workspaceId}`, botToken }));
  const budget = createMemoryRateBudget();
  const { oauth, sent } = grantingOAuth(clock);
  const manager = () =>
    createTokenManager({ store, oauth, budget, clock: clock.now, sleep: fakeSleep(clock).sleep, random: () => 0.5 });
  return { clock, budget, sent, manager };
}

/** Takes `count` slots at `at`, as other Lambdas' token requests would. */
async function takeSlots(budget: RateBudget, now: number, count: number, at = now) {
  for (let i = 0; i < count; i += 1)
    await budget.reserve(GRANT_SCHEDULE, {
      limit: GRANT_LIMIT,
      windowMs: GRANT_WINDOW_MS,
      now,
      notBefore: at,
      latest: at,
    });
}

/** Fills the window so that the schedule's first free slot is `ms` from now. */
const takeWindow = (budget: RateBudget, now: number, ms: number) =>
  takeSlots(budget, now, GRANT_LIMIT, now + ms - GRANT_WINDOW_MS);

describe('the token manager on a shared grant budget', () => {
  it('sends no token request when every slot of the next hours is taken, and defers the event', async () => {
    const { budget, sent, manager } = await setup({ 'ws-1': expired });
    await takeWindow(budget, T0, 12 * HOUR);
    const error = await rejection(manager().getBotToken('ws-1'));
    expect([sent.length, error instanceof DeadlineError, (error as DeadlineError).code]).toEqual([
      0,
      true,
      'token_budget',
    ]);
  });

  it('books the first free slot, defers the event until just before it, and asks at that slot', async () => {
    const { clock, budget, sent, manager } = await setup({ 'ws-1': expired });
    await takeWindow(budget, T0, 2 * 60_000);
    const tokens = manager();
    const deferred = (await rejection(tokens.getBotToken('ws-1', { deadline: T0 + 50_000 }))) as DeadlineError;
    expect([sent.length, deferred.code, deferred.retryAfterMs]).toEqual([0, 'token_budget', 115_000]);
    clock.advance(deferred.retryAfterMs ?? 0);
    await expect(tokens.getBotToken('ws-1', { deadline: clock.now() + 50_000 })).resolves.toBe('new-inst-ws-1');
    expect(sent).toEqual([{ installationId: 'inst-ws-1', at: T0 + 2 * 60_000 }]);
  });

  it('lets a second Lambda take up the booking when the deferred event comes back to it', async () => {
    const { clock, budget, sent, manager } = await setup({ 'ws-1': expired });
    await takeWindow(budget, T0, 60_000);
    const deferred = (await rejection(manager().getBotToken('ws-1'))) as DeadlineError;
    clock.advance(deferred.retryAfterMs ?? 0);
    await expect(manager().getBotToken('ws-1')).resolves.toBe('new-inst-ws-1');
    expect(sent).toEqual([{ installationId: 'inst-ws-1', at: T0 + 60_000 }]);
  });

  it('lets an event of a short invocation (local mode: 4 s) take its booking when it comes back', async () => {
    // With the full 5 s lead and 10 s after the slot, a 4 s invocation could never take the slot
    // booked for it: deferred again on every receive until parked (the soak's refusal redrive).
    const { clock, budget, sent, manager } = await setup({ 'ws-1': expired });
    await takeWindow(budget, T0, 30_000);
    const shortDeadline = () => clock.now() + 3_600;
    const deferred = (await rejection(manager().getBotToken('ws-1', { deadline: shortDeadline() }))) as DeadlineError;
    expect([deferred.code, sent.length]).toEqual(['token_budget', 0]);
    clock.advance(deferred.retryAfterMs ?? 0);
    await expect(manager().getBotToken('ws-1', { deadline: shortDeadline() })).resolves.toBe('new-inst-ws-1');
    expect(sent).toEqual([{ installationId: 'inst-ws-1', at: T0 + 30_000 }]);
  });

  it('has processBatch hide the record until its slot (ChangeMessageVisibility) instead of failing it', async () => {
    const { clock, budget, manager } = await setup({ 'ws-1': expired });
    await takeWindow(budget, T0, 5 * 60_000);
    const tokens = manager();
    const processor = (async (_message: unknown, deadline: () => number) => {
      await tokens.getBotToken('ws-1', { deadline: deadline() });
      return 'processed';
    }) as unknown as Processor;
    const deferred: Array<{ receiptHandle: string; seconds: number }> = [];
    const defer: DeferRecords = async (records) => void deferred.push(...records);
    const event = {
      Records: [{ messageId: 'm-1', receiptHandle: 'h-1', body: '{}', messageAttributes: {} }],
    } as unknown as SQSEvent;
    const context = { getRemainingTimeInMillis: () => 60_000 };
    const result = await processBatch(event, context, processor, silentLogger, { defer, clock: clock.now });
    expect([result.batchItemFailures, deferred]).toEqual([
      [{ itemIdentifier: 'm-1' }],
      [{ receiptHandle: 'h-1', seconds: 295 }],
    ]);
  });

  it('asks for five tokens at once, and defers the sixth until the oldest request leaves the window', async () => {
    const workspaces = Array.from({ length: GRANT_LIMIT + 1 }, (_, i) => `ws-${i}`);
    const { clock, sent, manager } = await setup(Object.fromEntries(workspaces.map((id) => [id, expired])));
    const tokens = manager();
    for (const id of workspaces.slice(0, GRANT_LIMIT)) await tokens.getBotToken(id);
    const sixth = (await rejection(tokens.getBotToken(`ws-${GRANT_LIMIT}`))) as DeadlineError;
    expect([sent.map((grant) => grant.at - T0), sixth.code, sixth.retryAfterMs]).toEqual([
      Array(GRANT_LIMIT).fill(0),
      'token_budget',
      GRANT_WINDOW_MS - 5_000,
    ]);
    clock.advance(sixth.retryAfterMs ?? 0);
    await expect(tokens.getBotToken(`ws-${GRANT_LIMIT}`)).resolves.toBe(`new-inst-ws-${GRANT_LIMIT}`);
    expect(sent.at(-1)).toEqual({ installationId: `inst-ws-${GRANT_LIMIT}`, at: T0 + GRANT_WINDOW_MS });
  });

  it('never renews early with the last free slot of the window: a waiting event gets it', async () => {
    const { budget, sent, manager } = await setup({ 'ws-waiting': expired, 'ws-early': renewable, 'ws-next': expired });
    await takeSlots(budget, T0, GRANT_LIMIT - 2);
    const tokens = manager();
    await tokens.getBotToken('ws-waiting');
    await expect(tokens.getBotToken('ws-early')).resolves.toBe('old');
    await tokens.getBotToken('ws-next');
    expect(sent).toEqual([
      { installationId: 'inst-ws-waiting', at: T0 },
      { installationId: 'inst-ws-next', at: T0 },
    ]);
  });

  it('renews a token past its renewFrom early when the schedule stands idle', async () => {
    const { sent, manager } = await setup({ 'ws-early': renewable });
    await expect(manager().getBotToken('ws-early')).resolves.toBe('new-inst-ws-early');
    expect(sent).toHaveLength(1);
  });

  it('keeps the early token for a while when the schedule is busy, without asking the budget each call', async () => {
    const { clock, budget, sent, manager } = await setup({ 'ws-early': renewable });
    await takeWindow(budget, T0, 60_000);
    const tokens = manager();
    const answers = [await tokens.getBotToken('ws-early')];
    clock.advance(60_000);
    answers.push(await tokens.getBotToken('ws-early'));
    expect([answers, sent.length]).toEqual([['old', 'old'], 0]);
  });
});
