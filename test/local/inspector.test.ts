import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { signBody } from '../../lambdas/core/signature';
import { FIXTURES, withWorkspace } from '../../lambdas/local/fixtures';
import { LOCAL_DEFAULTS } from '../../lambdas/local/local-settings';
import { type PyJson, pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import type { LocalApp } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { createBrowser } from '../helpers/browser';
import { startPoisonedLocal } from '../helpers/poisoned-local';
import { pythonJson, v1Envelope } from '../helpers/webhooks';

const run = promisify(execFile);

// The inspector's record of each path a webhook can take, through the real local runtime.
let app: LocalApp;
let cure: () => void;

interface Summary {
  id: string;
  name: string;
  deliveryId: string | null;
  signature: string;
  status: number | null;
  replayOf: string | null;
  outcome: { kind: string; detail: string } | null;
}

beforeAll(async () => {
  ({ app, cure } = await startPoisonedLocal());
  const browser = createBrowser();
  const consent = await browser.get(app.installUrl);
  const { action, fields } = browser.form(consent, 'approve');
  await browser.post(action, fields);
}, 30_000);

afterAll(() => app.stop());

const workspaceId = () => app.simulator?.data.workspace.id ?? '';

/** Posts a body to the webhook route as Plane would (or with the signature left out or wrong). */
async function send(body: string, options: { event?: string; signature?: string | null } = {}): Promise<string> {
  const deliveryId = randomUUID();
  const signature =
    options.signature === undefined ? signBody(body, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET) : options.signature;
  await fetch(`${app.appUrl}/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Plane-Event': options.event ?? 'issue',
      'X-Plane-Delivery': deliveryId,
      ...(signature === null ? {} : { 'X-Plane-Signature': signature }),
    },
    body,
  });
  await app.idle();
  return deliveryId;
}

async function byDelivery(deliveryId: string): Promise<Summary> {
  const response = await fetch(`${app.appUrl}/events.json?delivery=${deliveryId}`);
  const { events } = (await response.json()) as { events: Summary[] };
  expect(events).toHaveLength(1);
  return events[0];
}

async function deadLetterDepth(): Promise<number> {
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: app.sqs.endpoint });
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: app.sqs.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  client.destroy();
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** Resolves once `check` holds (tried every 100 ms), or fails after 20 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 20_000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A work-item webhook of the fixtures, for `workspace`, with the item's name set. */
function issueBody(name: string, action = 'created', workspace = workspaceId()): string {
  const fixture = FIXTURES[`issue-${action}`].body as { data: Record<string, PyJson> };
  return pythonJsonDumps(withWorkspace({ ...fixture, data: { ...fixture.data, name } }, workspace));
}

/** A session of the app server's pages (an event's page has forms): its cookie and the CSRF token of its forms. */
async function pageSession(eventId: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${app.appUrl}/events/${eventId}`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, token };
}

test('refused: a missing or wrong signature is 401, a signed unreadable body 400, each with its reason', async () => {
  const body = issueBody('refused');
  expect(await byDelivery(await send(body, { signature: null }))).toMatchObject({
    signature: 'missing',
    status: 401,
    outcome: { kind: 'refused', detail: expect.stringMatching(/^401 invalid_signature/) },
  });
  expect(await byDelivery(await send(body, { signature: 'ab'.repeat(32) }))).toMatchObject({
    signature: 'invalid',
    outcome: { kind: 'refused' },
  });
  const malformed = await byDelivery(await send('{"event": "issue"}'));
  expect(malformed).toMatchObject({ signature: 'valid', status: 400, outcome: { kind: 'refused' } });
  expect(malformed.outcome?.detail).toMatch(/^400 invalid_envelope: body has no workspace_id/);
});

test('queued, then processed: the path has each step and the handler log lines carry the dedup key', async () => {
  const deliveryId = await send(issueBody('a fine item'));
  const summary = await byDelivery(deliveryId);
  expect(summary.outcome?.kind).toBe('processed');
  const detail = (await (await fetch(`${app.appUrl}/events/${summary.id}.json`)).json()) as {
    dedupKey: string;
    steps: Array<{ kind: string; detail: string }>;
    logs: Array<{ message: string; fields: Record<string, unknown> }>;
  };
  expect(detail.steps.map((step) => step.kind)).toEqual(['queued', 'received', 'processed']);
  expect(detail.steps[1].detail).toContain('receive 1 of 5');
  // The inspector keeps DEBUG lines too: the details around each function's one INFO line.
  expect(detail.logs.map((line) => line.message)).toEqual([
    'webhook verified',
    'webhook queued',
    'event received',
    'event processed',
  ]);
  expect(detail.logs.every((line) => line.fields.dedupKey === detail.dedupKey)).toBe(true);
});

test('skipped at ingest, unsubscribed: no handler wants it, so it is answered 200 and never queued', async () => {
  const summary = await byDelivery(await send(issueBody('nobody handles updates', 'updated')));
  expect(summary).toMatchObject({ status: 200, outcome: { kind: 'skipped', detail: 'unsubscribed' } });
  const detail = (await (await fetch(`${app.appUrl}/events/${summary.id}.json`)).json()) as {
    steps: Array<{ kind: string }>;
    logs: Array<{ message: string }>;
  };
  expect(detail.steps.map((step) => step.kind)).toEqual(['skipped']);
  expect(detail.logs.map((line) => line.message)).toEqual(['webhook verified', 'webhook not subscribed']);
});

test('skipped, with the reason unknown_installation', async () => {
  const body = issueBody('elsewhere', 'created', '00000000-0000-4000-8000-000000000000');
  expect((await byDelivery(await send(body))).outcome).toEqual({ kind: 'skipped', detail: 'unknown_installation' });
});

test("skipped as an echo: a work item the app's own bot created comes back and is not handled", async () => {
  const bot = app.simulator?.botUser()?.id ?? '';
  const body = pythonJson(v1Envelope({ event: 'issue', action: 'created', workspaceId: workspaceId(), actorId: bot }));
  expect((await byDelivery(await send(body))).outcome).toEqual({ kind: 'skipped', detail: 'echo' });
});

test('Replay sends the same bytes with a new delivery id: the copy is recorded as a duplicate', async () => {
  const original = await byDelivery(await send(issueBody('replay me')));
  const { cookie, token } = await pageSession(original.id);
  const response = await fetch(`${app.appUrl}/events/${original.id}/replay`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ csrf: token }),
  });
  expect(response.status).toBe(200);
  await app.idle();
  const replay = app.events.list()[0];
  expect(replay.replayOf).toBe(original.id);
  expect(replay.deliveryId).not.toBe(original.deliveryId);
  expect(replay.body.equals(app.events.get(original.id)?.body ?? Buffer.alloc(0))).toBe(true);
  expect(replay.headers['x-plane-signature']).toBe(app.events.get(original.id)?.headers['x-plane-signature']);
  expect(replay.steps.at(-1)).toMatchObject({ kind: 'skipped', detail: 'duplicate' });
});

test('failed five times with the error and receive count, then parked; Redrive brings it back', async () => {
  const deliveryId = await send(issueBody('poison'));
  await app.idle(30_000);
  const parked = app.events.list().find((event) => event.deliveryId === deliveryId);
  const kinds = parked?.steps.map((step) => step.kind) ?? [];
  expect(kinds.filter((kind) => kind === 'failed')).toHaveLength(5);
  expect(kinds.at(-1)).toBe('parked');
  const lastFailure = parked?.steps.filter((step) => step.kind === 'failed').at(-1);
  expect(lastFailure?.detail).toBe('Error: poisoned on purpose (receive 5 of 5)');

  cure();
  // The queue moves it once its visibility timeout ends after its fifth receive.
  await until(async () => (await deadLetterDepth()) === 1);
  const { cookie, token } = await pageSession(parked?.id ?? '');
  const response = await fetch(`${app.appUrl}/events/redrive`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ csrf: token, back: `/events/${parked?.id}` }),
  });
  expect(await response.json()).toEqual({ message: 'Moved 1 of 1 message(s) back to the event queue.' });
  await app.idle();
  expect(parked?.steps.slice(-3).map((step) => step.kind)).toEqual(['redriven', 'received', 'processed']);
}, 60_000);

test('no secret reaches the inspector: the bot token and the secrets are in no page or JSON', async () => {
  const pages = await Promise.all(
    ['/events', '/events.json', ...app.events.list().map((event) => `/events/${event.id}.json`)].map(async (path) =>
      (await fetch(`${app.appUrl}${path}`)).text(),
    ),
  );
  const all = pages.join('\n');
  for (const secret of [LOCAL_DEFAULTS.PLANE_CLIENT_SECRET, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET]) {
    expect(all).not.toContain(secret);
  }
  const documents = createDocumentClient();
  const stored = await createDynamoInstallationStore(documents, 'plane-app-local').getInstallation(workspaceId());
  documents.destroy();
  const token = stored?.botToken?.accessToken ?? '';
  expect(token).toMatch(/^\w{20,}$/);
  expect(all).not.toContain(token);
});

test('npm run send-webhook prints the inspector link of what it sent (local mode)', async () => {
  const { stdout } = await run('npx', ['tsx', 'bin/send-webhook.ts', '--url', `${app.appUrl}/webhook`], {
    env: { ...process.env, PLANE_WEBHOOK_SECRET: LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET },
  });
  const link = /^Inspect it: (\S+)$/m.exec(stdout)?.[1] ?? '';
  expect(link).toMatch(new RegExp(`^${app.appUrl}/events/by-delivery/[0-9a-f-]{36}$`));
  const found = await fetch(link, { redirect: 'manual' });
  expect(found.status).toBe(303);
  const event = app.events.get(found.headers.get('location')?.split('/').pop() ?? '');
  expect(event?.name).toBe('issue.created');
  expect(event?.deliveryId).toBe(link.split('/').pop());
}, 30_000);

test('an event the inspector does not hold is a 404 page (or JSON), never a crash', async () => {
  const page = await fetch(`${app.appUrl}/events/99999`);
  expect(page.status).toBe(404);
  expect(await page.text()).toContain('No event #99999');
  const json = await fetch(`${app.appUrl}/events/99999.json`);
  expect(json.status).toBe(404);
  expect(await json.json()).toEqual({ message: expect.stringContaining('No event #99999') });
});
