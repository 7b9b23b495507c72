import { createCachedSecret } from '../../lambdas/core/cached-secret';
import type { HttpResponse } from '../../lambdas/core/http-response';
import { createIngest, type IngestRequest } from '../../lambdas/core/ingest';
import { createMemoryClaimStore, createMemoryOverflowStore } from '../../lambdas/core/memory-payloads';
import type { EventQueue } from '../../lambdas/core/ports';
import type { QueuedEvent } from '../../lambdas/core/queued-event';
import { signBody } from '../../lambdas/core/signature';
import {
  captureLogger,
  captureMetrics,
  type FakeClock,
  FIXTURE_SECRET,
  FIXTURE_SHA256,
  FIXTURE_SIGNATURE,
  FIXTURE_WORKSPACE_ID,
  fakeClock,
  fixtureBytes,
  fixtureText,
} from './helpers';

const body = fixtureBytes('issue-created.json.txt');
const DELIVERY = '6f1e2d3c-4b5a-4697-8877-665544332211';
const DEDUP_KEY = `sha256:${FIXTURE_SHA256}`;

/** An in-memory EventQueue: an array, or a queue that fails with `failure`. */
function arrayQueue(failure?: Error): EventQueue & { messages: QueuedEvent[] } {
  const messages: QueuedEvent[] = [];
  return {
    messages,
    async send(message) {
      if (failure) throw failure;
      messages.push(message);
    },
  };
}

interface SetupOptions {
  readonly queue?: EventQueue & { messages: QueuedEvent[] };
  readonly read?: () => Promise<string>;
  readonly clock?: FakeClock;
  readonly maxBodyBytes?: number;
  readonly bucketDown?: () => boolean;
}

function setup(options: SetupOptions = {}) {
  const clock = options.clock ?? fakeClock();
  const queue = options.queue ?? arrayQueue();
  let reads = 0;
  const read = options.read ?? (async () => FIXTURE_SECRET);
  const webhookSecret = createCachedSecret(
    async () => {
      reads += 1;
      return read();
    },
    { clock: clock.now },
  );
  const { log, lines } = captureLogger();
  const { metrics, counts } = captureMetrics();
  const claims = createMemoryClaimStore(undefined, options.bucketDown);
  const overflow = createMemoryOverflowStore(options.bucketDown);
  const ingest = createIngest({
    webhookSecret,
    queue,
    claims: async () => claims,
    overflow: async () => overflow,
    maxBodyBytes: options.maxBodyBytes ?? 256_000,
    log,
    metrics,
  });
  return { ingest, queue, claims, overflow, lines, counts, clock, reads: () => reads };
}

/** A JSON answer with its body parsed. */
const parsed = (result: HttpResponse): { status: number; body: Record<string, unknown> } => ({
  status: result.status,
  body: JSON.parse(result.body) as Record<string, unknown>,
});

function request(bytes: Uint8Array, headers: Record<string, string | undefined> = {}): IngestRequest {
  return {
    body: bytes,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Autopilot',
      'x-plane-event': 'issue',
      'x-plane-delivery': DELIVERY,
      'x-plane-signature': signBody(bytes, FIXTURE_SECRET),
      ...headers,
    },
  };
}

describe('createIngest: accepted webhooks', () => {
  it('answers 200 to a correctly signed webhook', async () => {
    const { ingest } = setup();
    expect(parsed(await ingest(request(body)))).toEqual({ status: 200, body: { ok: true } });
  });

  it('queues one message with the event, workspace, dedup key and delivery id', async () => {
    const { ingest, queue } = setup();
    await ingest(request(body, { 'X-Plane-Signature': FIXTURE_SIGNATURE }));
    expect(queue.messages.map((m) => m.attributes)).toEqual([
      {
        event: 'issue',
        workspaceId: FIXTURE_WORKSPACE_ID,
        dedupKey: DEDUP_KEY,
        deliveryId: DELIVERY,
      },
    ]);
  });

  it('queues the body text byte for byte as received', async () => {
    const { ingest, queue } = setup();
    await ingest(request(body));
    expect(queue.messages[0]?.body).toBe(fixtureText('issue-created.json.txt'));
  });

  // Moved from envelope.test.ts: parseEnvelope now takes the event name, ingest reads the header.
  it.each(['X-Plane-Event', 'x-plane-event', 'X-PLANE-EVENT'])(
    'names a bare agent payload from the %s header',
    async (header) => {
      const { ingest, queue } = setup();
      const bare = Buffer.from(
        JSON.stringify({ type: 'mystery', agent_run: { id: 'run-1' }, workspace_id: FIXTURE_WORKSPACE_ID }),
      );
      await ingest(request(bare, { 'x-plane-event': undefined, [header]: 'agent_run_create' }));
      expect(queue.messages.map((m) => m.attributes.event)).toEqual(['agent_run_create']);
    },
  );

  it('reads the delivery id from X-Plane-Delivery in any case', async () => {
    const { ingest, queue } = setup();
    await ingest({ body, headers: { 'X-Plane-Signature': FIXTURE_SIGNATURE, 'X-PLANE-DELIVERY': DELIVERY } });
    expect(queue.messages[0]?.attributes.deliveryId).toBe(DELIVERY);
  });

  it('counts WebhookAccepted', async () => {
    const { ingest, counts } = setup();
    await ingest(request(body));
    expect(counts).toEqual([{ name: 'WebhookAccepted', dimensions: undefined, value: undefined }]);
  });

  it('accepts a webhook signed by the new secret during a rotation (both active)', async () => {
    const { ingest, queue } = setup({ read: async () => `${FIXTURE_SECRET}\nplane_wh_next_0a1b2c3d4e5f` });
    await ingest(request(body, { 'x-plane-signature': signBody(body, 'plane_wh_next_0a1b2c3d4e5f') }));
    expect(queue.messages).toHaveLength(1);
  });
});

describe('createIngest: rejected webhooks', () => {
  it('answers 401 to a bad signature and queues nothing', async () => {
    const { ingest, queue } = setup();
    const result = await ingest(request(body, { 'x-plane-signature': signBody(body, 'plane_wh_wrong_secret') }));
    expect([parsed(result), queue.messages.length]).toEqual([
      { status: 401, body: { error: 'invalid_signature', message: 'invalid signature' } },
      0,
    ]);
  });

  it('answers 401 to a missing signature and queues nothing', async () => {
    const { ingest, queue } = setup();
    const result = await ingest(request(body, { 'x-plane-signature': undefined }));
    expect([result.status, queue.messages.length]).toEqual([401, 0]);
  });

  it('answers 401 to a body re-serialised after signing', async () => {
    const { ingest } = setup();
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect((await ingest(request(reserialised, { 'x-plane-signature': FIXTURE_SIGNATURE }))).status).toBe(401);
  });

  it('answers 400 with the reason to a signed body that is not an envelope, and queues nothing', async () => {
    const { ingest, queue } = setup();
    const result = await ingest(request(Buffer.from('[{"event": "issue"}]')));
    expect([parsed(result), queue.messages.length]).toEqual([
      { status: 400, body: { error: 'invalid_envelope', message: 'body is not a JSON object' } },
      0,
    ]);
  });

  it('answers 400 to a signed body that is not valid UTF-8', async () => {
    const { ingest, queue } = setup();
    const result = await ingest(request(Uint8Array.from([0x7b, 0xff, 0x7d])));
    expect([result.status, parsed(result).body.error, queue.messages.length]).toEqual([400, 'invalid_envelope', 0]);
  });

  it('answers 413 to a body over maxBodyBytes and queues nothing', async () => {
    const { ingest, queue } = setup({ maxBodyBytes: body.byteLength - 1 });
    const result = await ingest(request(body));
    expect([result.status, parsed(result).body.error, queue.messages.length]).toEqual([413, 'payload_too_large', 0]);
  });

  it('answers 413 before reading the secret', async () => {
    const { ingest, reads } = setup({ maxBodyBytes: 10 });
    await ingest(request(body));
    expect(reads()).toBe(0);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const { ingest } = setup({ maxBodyBytes: body.byteLength });
    expect((await ingest(request(body))).status).toBe(200);
  });

  it.each<[string, Record<string, string | undefined>, Uint8Array, string]>([
    ['a bad signature', { 'x-plane-signature': '0'.repeat(64) }, body, 'invalid_signature'],
    ['an invalid envelope', {}, Buffer.from('{"action": "created"}'), 'invalid_envelope'],
    ['a body too large', {}, Buffer.alloc(300_000, 0x20), 'payload_too_large'],
  ])('counts WebhookRejected with the reason for %s', async (_label, headers, bytes, reason) => {
    const { ingest, counts } = setup();
    await ingest(request(bytes, headers));
    expect(counts).toEqual([{ name: 'WebhookRejected', dimensions: { Reason: reason }, value: undefined }]);
  });
});

describe('createIngest: large bodies and unavailable dependencies', () => {
  const down = new Error('SQS: ServiceUnavailable');
  const bucketDown = () => true;

  it('keeps a body too large for a queue message in the bucket and queues its claim check', async () => {
    const large = Buffer.from(
      JSON.stringify({ event: 'issue', action: 'created', workspace_id: 'ws-1', data: { d: 'x'.repeat(300_000) } }),
    );
    const { ingest, queue, claims, counts } = setup({ maxBodyBytes: 1_000_000 });
    expect((await ingest(request(large))).status).toBe(200);
    const [message] = queue.messages;
    const [kind, where] = JSON.parse(message.body) as [string, { s3BucketName: string; s3Key: string }];
    expect([kind, message.payloadSize, claims.objects.get(where.s3Key)]).toEqual([
      'software.amazon.payloadoffloading.PayloadS3Pointer',
      large.byteLength,
      large.toString('utf8'),
    ]);
    expect(counts.map((count) => count.name)).toEqual(['WebhookAccepted', 'WebhookOffloaded']);
  });

  it('answers 200 and keeps the event for the sweeper when the queue throws', async () => {
    const { ingest, overflow, counts } = setup({ queue: arrayQueue(down) });
    expect((await ingest(request(body))).status).toBe(200);
    expect([...overflow.kept.values()]).toEqual([
      {
        body: fixtureText('issue-created.json.txt'),
        attributes: { event: 'issue', workspaceId: FIXTURE_WORKSPACE_ID, dedupKey: DEDUP_KEY, deliveryId: DELIVERY },
      },
    ]);
    expect(counts.map((count) => count.name)).toEqual(['WebhookOverflowed', 'WebhookAccepted']);
  });

  it('answers 503 enqueue_failed when the queue and the bucket both refuse', async () => {
    const { ingest } = setup({ queue: arrayQueue(down), bucketDown });
    const result = await ingest(request(body));
    expect([result.status, parsed(result).body.error]).toEqual([503, 'enqueue_failed']);
  });

  it('answers 503 when a large body cannot be kept in the bucket, even with the queue up', async () => {
    const large = Buffer.from(
      JSON.stringify({ event: 'issue', workspace_id: 'ws-1', data: { d: 'x'.repeat(300_000) } }),
    );
    const { ingest, queue } = setup({ maxBodyBytes: 1_000_000, bucketDown });
    expect([(await ingest(request(large))).status, queue.messages.length]).toEqual([503, 0]);
  });

  it('logs a failed enqueue with the dedup key but without the body or the secret', async () => {
    const { ingest, lines } = setup({ queue: arrayQueue(down), bucketDown });
    await ingest(request(body));
    const logged = JSON.stringify(lines);
    expect([
      logged.includes(DEDUP_KEY),
      logged.includes('Caf\\\\u00e9'),
      logged.includes('"data"'),
      logged.includes(FIXTURE_SECRET),
    ]).toEqual([true, false, false, false]);
  });

  it('counts a failed enqueue as WebhookRejected enqueue_failed', async () => {
    const { ingest, counts } = setup({ queue: arrayQueue(down), bucketDown });
    await ingest(request(body));
    expect(counts).toEqual([{ name: 'WebhookRejected', dimensions: { Reason: 'enqueue_failed' }, value: undefined }]);
  });

  it('answers 503 secret_unavailable when the secret cannot be read', async () => {
    const { ingest, queue } = setup({ read: async () => Promise.reject(new Error('AccessDeniedException')) });
    const result = await ingest(request(body));
    expect([result.status, parsed(result).body.error, queue.messages.length]).toEqual([503, 'secret_unavailable', 0]);
  });
});

describe('createIngest: secret rotation', () => {
  it('re-reads a stale secret after a signature miss and accepts the new signature', async () => {
    const clock = fakeClock();
    let current = FIXTURE_SECRET;
    const { ingest, queue, reads } = setup({ clock, read: async () => current });
    await ingest(request(body));
    current = 'plane_wh_rotated_2f4e6a8c0b1d3f5e7a9c';
    clock.advance(31_000);
    const result = await ingest(request(body, { 'x-plane-signature': signBody(body, current) }));
    expect([result.status, queue.messages.length, reads()]).toEqual([200, 2, 2]);
  });

  it('does not re-read a secret read less than 30 s ago on a signature miss', async () => {
    const clock = fakeClock();
    const { ingest, reads } = setup({ clock });
    await ingest(request(body));
    clock.advance(29_000);
    await ingest(request(body, { 'x-plane-signature': '0'.repeat(64) }));
    expect(reads()).toBe(1);
  });

  it('does not re-read the secret for a request without a signature', async () => {
    const clock = fakeClock();
    const { ingest, reads } = setup({ clock });
    await ingest(request(body));
    clock.advance(60_000);
    await ingest(request(body, { 'x-plane-signature': undefined }));
    expect(reads()).toBe(1);
  });
});
