import { createHmac } from 'node:crypto';
import type { PlaneSimulator, PlaneSimulatorOptions } from '../../lambdas/local/plane-simulator';
import {
  api,
  apiKeyAuth,
  bearer,
  installWithBotToken,
  SIM_WEBHOOK_SECRET,
  startSimulator,
} from '../helpers/sim-harness';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '../helpers/sim-receiver';

type Json = Record<string, unknown>;
const parse = (hook: ReceivedWebhook): Json => JSON.parse(hook.body.toString('utf8')) as Json;
const activityOf = (hook: ReceivedWebhook): Json => parse(hook).activity as Json;

describe('Plane simulator webhooks', () => {
  let sim: PlaneSimulator;
  let receiver: WebhookReceiver;
  let botToken: string;
  let base: string;

  const start = async (overrides: Partial<PlaneSimulatorOptions> = {}): Promise<void> => {
    receiver = await startWebhookReceiver();
    sim = await startSimulator({ webhookUrl: receiver.url, ...overrides });
    botToken = (await installWithBotToken(sim)).botToken;
    base = `/workspaces/acme/projects/${sim.data.projects[0].id}`;
  };
  afterEach(async () => {
    await sim.stop();
    await receiver.close();
  });

  it('sends Python-encoded, signed bodies with exactly Plane headers', async () => {
    await start();
    await api(sim, `${base}/work-items/`, apiKeyAuth, { method: 'POST', body: { name: 'Café menu' } });
    await sim.idle();
    const [hook] = receiver.received;
    const text = hook.body.toString('utf8');
    expect(hook.headers['x-plane-signature']).toBe(
      createHmac('sha256', SIM_WEBHOOK_SECRET).update(hook.body).digest('hex'),
    );
    expect(hook.rawHeaderNames).toEqual(
      expect.arrayContaining(['Content-Type', 'User-Agent', 'X-Plane-Delivery', 'X-Plane-Event', 'X-Plane-Signature']),
    );
    expect(hook.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Autopilot',
      'x-plane-event': 'issue',
    });
    expect(text).toContain('"name": "Caf\\u00e9 menu"');
    expect(text).toContain('", "');
    expect(text).not.toMatch(/[^\x20-\x7e]/);
    const body = parse(hook);
    expect(Object.keys(body)).toEqual(['event', 'action', 'webhook_id', 'workspace_id', 'data', 'activity']);
    expect(body).toMatchObject({
      event: 'issue',
      action: 'created',
      webhook_id: sim.installation()?.webhook,
      workspace_id: sim.data.workspace.id,
    });
    expect(Object.keys(activityOf(hook))).toEqual([
      'field',
      'new_value',
      'old_value',
      'actor',
      'old_identifier',
      'new_identifier',
    ]);
    expect(Object.keys(activityOf(hook).actor as Json)).toEqual([
      'id',
      'first_name',
      'last_name',
      'email',
      'avatar',
      'avatar_url',
      'display_name',
    ]);
    expect(body.data).toMatchObject({
      name: 'Café menu',
      sequence_id: 4,
      state: { name: 'Backlog', group: 'backlog' },
      assignees: [],
      labels: [],
    });
    expect(sim.deliveries[0]).toMatchObject({ event: 'issue', action: 'created', attempt: 1, status: 200, body: text });
  });

  it('sends one updated webhook per changed field', async () => {
    await start();
    const item = sim.data.workItems[0];
    await api(sim, `${base}/work-items/${item.id}/`, apiKeyAuth, {
      method: 'PATCH',
      body: { priority: 'low', name: 'Renamed', state: item.state },
    });
    await sim.idle();
    expect(receiver.received.map((hook) => activityOf(hook).field)).toEqual(['priority', 'name']);
    expect(activityOf(receiver.received[0])).toMatchObject({ old_value: 'high', new_value: 'low' });
    expect(parse(receiver.received[0])).toMatchObject({
      action: 'updated',
      data: { name: 'Renamed', priority: 'low' },
    });
  });

  it("echoes the bot's own comment with the bot as actor", async () => {
    await start();
    const item = sim.data.workItems[0];
    await api(sim, `${base}/work-items/${item.id}/comments/`, bearer(botToken), {
      method: 'POST',
      body: { comment_html: '<p>Done</p>' },
    });
    await sim.idle();
    const [hook] = receiver.received;
    expect(hook.headers['x-plane-event']).toBe('issue_comment');
    expect(activityOf(hook).actor).toMatchObject({ id: sim.botUser()?.id });
    expect(parse(hook).data).toMatchObject({ comment_html: '<p>Done</p>', actor: sim.botUser()?.id, issue: item.id });
  });

  it('counts any HTTP status as delivered', async () => {
    await start();
    receiver.respondWith(500);
    sim.createComment(sim.data.workItems[0].id, '<p>x</p>');
    await sim.idle();
    expect(sim.deliveries).toHaveLength(1);
    expect(sim.deliveries[0]).toMatchObject({ status: 500, attempt: 1 });
  });

  it('retries network failures with a new delivery id and the same body, then gives up', async () => {
    await start({ webhookRetryDelaysMs: [10, 10] });
    sim.setWebhookUrl('http://127.0.0.1:9/unreachable');
    sim.createComment(sim.data.workItems[0].id, '<p>x</p>');
    await sim.idle();
    expect(sim.deliveries.map((delivery) => delivery.attempt)).toEqual([1, 2, 3]);
    expect(
      sim.deliveries.every((delivery) => delivery.error !== undefined && delivery.body === sim.deliveries[0].body),
    ).toBe(true);
    expect(new Set(sim.deliveries.map((delivery) => delivery.deliveryId)).size).toBe(3);
  });

  it('treats a slow app as a time-out and stops cleanly with retries pending', async () => {
    await start({ webhookTimeoutMs: 50, webhookRetryDelaysMs: [60_000] });
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    try {
      sim.setWebhookUrl(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`);
      sim.createComment(sim.data.workItems[0].id, '<p>x</p>');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sim.deliveries[0]).toMatchObject({ attempt: 1, error: expect.stringContaining('timed out') });
      await sim.stop();
      await sim.idle();
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends nothing before the app is installed', async () => {
    receiver = await startWebhookReceiver();
    sim = await startSimulator({ webhookUrl: receiver.url });
    sim.createComment(sim.data.workItems[0].id, '<p>x</p>');
    await sim.idle();
    expect(receiver.received).toHaveLength(0);
  });
});
