import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { createEmfMetrics } from '../../lambdas/adapters/emf-metrics';
import { createCachedSecret } from '../../lambdas/core/cached-secret';
import { parseClaimPointer } from '../../lambdas/core/claim-check';
import { createIngest } from '../../lambdas/core/ingest';
import { createJsonLogger } from '../../lambdas/core/json-logger';
import { DEFAULT_MAX_BODY_BYTES, QUEUE_MAX_MESSAGE_BYTES } from '../../lambdas/core/limits';
import { createMemoryClaimStore, createMemoryOverflowStore } from '../../lambdas/core/memory-payloads';
import { noMetrics } from '../../lambdas/core/metrics';
import type { EventQueue } from '../../lambdas/core/ports';
import type { QueuedEvent } from '../../lambdas/core/queued-event';
import { redactText } from '../../lambdas/core/redact';
import { createIngestHandler } from '../../lambdas/handlers/ingest';
import { type S3StandIn, startS3 } from '../../lambdas/local/s3-stand-in';
import { LOCAL_AWS, type SqsStandIn, type StandIn, startSecretsManager, startSqs } from '../../lambdas/local/stand-ins';
import { apiGatewayEvent } from '../helpers/api-gateway';
import { useLocalAws } from '../helpers/aws-env';
import { apiGatewayWebhook, nearLimitEnvelopeText, printable, type WebhookInput, webhookInput } from './arbitraries';
import { fuzzParams, fuzzTimeout } from './fuzz-settings';
import { hmacHex, modelHeader, modelIngest, modelSigned } from './model';

/**
 * A copy with every string over 200 characters replaced by its head, length and hash, so a failure near 256 KB prints
 * briefly.
 */
function compact(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 200)
    return (
      `${value.slice(0, 60)}…[${value.length} chars, sha256 ` +
      `${createHash('sha256').update(value).digest('hex').slice(0, 12)}]`
    );
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compact(item)]));
  return value;
}

/** Two active secrets, as during a rotation (the Secrets Manager value holds both, space-separated). */
const SECRETS = ['whsec-fuzz-current-0123456789abcdef', 'whsec-fuzz-previous-fedcba9876543210'] as const;
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fuzz-webhook';
const quiet = () => createJsonLogger({ write: () => undefined });

type Case = { event: APIGatewayProxyEventV2; input: WebhookInput };

/** A webhook signed with the current secret, as an HTTP API delivers it (lower-case headers, no X-Plane-Event). */
function signedCase(body: string): Case {
  const headers = {
    'content-type': 'application/json',
    'x-plane-delivery': '6f1e2d3c-4b5a-4697-8877-665544332211',
    'x-plane-signature': hmacHex(SECRETS[0], body),
  };
  const input = printable({ headers, transport: 'plain' as const, body, delivered: Buffer.from(body, 'utf8') });
  return printable({ event: apiGatewayEvent({ path: '/webhook', headers, body }), input });
}

/**
 * Minimised counterexamples these properties found: replayed first by every property, and each checked on its own
 * below.
 */
const FOUND_CASES: ReadonlyArray<readonly [string, Case]> = [
  [
    'a signed agent payload whose `type` is {"toString": 0}: String(type) throws, answered 500',
    signedCase('{"agent_run": {}, "type": {"toString": 0}, "workspace_id": "w"}'),
  ],
  [
    'a signed envelope with action "constructor": ACTIONS["constructor"] is Object, the SQS attribute a ' +
      'function, answered 503',
    signedCase('{"event": "issue", "action": "constructor", "workspace_id": "w"}'),
  ],
  [
    'a signed 257,606-byte envelope (under MAX_BODY_BYTES) with a 5,000-character workspace_id: the ' +
      'message and its attributes pass 256 KB, answered 503 (before claim checks)',
    signedCase(
      `{"event": "issue", "action": "created", "workspace_id": "${'w'.repeat(5_000)}", "data": {"id": ` +
        `"i-1", "description_html": "${'p'.repeat(252_500)}"}}`,
    ),
  ],
];
const FOUND: Array<[Case]> = FOUND_CASES.map(([, found]) => [found]);

/**
 * The handler properties run with a body limit a little over a queue message, so the near-limit envelopes
 * straddle the point where a body goes by claim check (a 4.5 MB limit would only make each case slower).
 */
const HANDLER_MAX_BODY_BYTES = QUEUE_MAX_MESSAGE_BYTES + 16_384;
const webhooks = apiGatewayWebhook(SECRETS, nearLimitEnvelopeText(HANDLER_MAX_BODY_BYTES));

describe('the ingest handler against local-aws-sqs and the Secrets Manager stand-in', () => {
  let sqs: SqsStandIn;
  let secrets: StandIn;
  let s3: S3StandIn;
  let restore: () => void;
  let client: SQSClient;
  let s3Client: S3Client;
  let handler: ReturnType<typeof createIngestHandler>;

  beforeAll(async () => {
    [sqs, secrets, s3] = await Promise.all([
      startSqs({ queueName: 'fuzz-ingest' }),
      startSecretsManager(new Map([[SECRET_ARN, SECRETS.join(' ')]])),
      startS3({ bucket: 'fuzz-payloads' }),
    ]);
    restore = useLocalAws({ sqs: sqs.endpoint, secretsManager: secrets.endpoint, s3: s3.endpoint });
    client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
    s3Client = new S3Client({ ...LOCAL_AWS, endpoint: s3.endpoint });
    handler = createIngestHandler(
      {
        QUEUE_URL: sqs.queueUrl,
        WEBHOOK_SECRET_ARN: SECRET_ARN,
        PAYLOAD_BUCKET: s3.bucket,
        MAX_BODY_BYTES: String(HANDLER_MAX_BODY_BYTES),
        STAGE: 'test',
      },
      { log: quiet(), metrics: createEmfMetrics({ namespace: 'Fuzz', stage: 'test', write: () => undefined }) },
    );
  });

  afterAll(async () => {
    client.destroy();
    s3Client.destroy();
    restore();
    await Promise.all([sqs.close(), secrets.close(), s3.close()]);
  });

  /** The body a message carries: its own, or the claimed one read back from the bucket. */
  async function bodyOf(body: string, payloadSize: string | undefined): Promise<string> {
    if (payloadSize === undefined) return body;
    const claim = parseClaimPointer(body);
    const object = await s3Client.send(new GetObjectCommand({ Bucket: claim.bucket, Key: claim.key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  }

  /** Messages in the queue, in flight included (local-aws-sqs counts both; each is deleted once received). */
  async function depth(): Promise<number> {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  /** Receives and deletes every message. Asks for the depth first: an empty receive costs local-aws-sqs 50 ms. */
  async function take(): Promise<Array<{ body: string; attributes: Record<string, string | undefined> }>> {
    const out: Array<{ body: string; attributes: Record<string, string | undefined> }> = [];
    while ((await depth()) > 0) {
      const page = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: sqs.queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          WaitTimeSeconds: 0,
          VisibilityTimeout: 600,
        }),
      );
      if (!page.Messages?.length)
        throw new Error('the queue reports messages but none is visible: one was received and not deleted');
      for (const message of page.Messages) {
        await client.send(new DeleteMessageCommand({ QueueUrl: sqs.queueUrl, ReceiptHandle: message.ReceiptHandle }));
        const { ExtendedPayloadSize, ...attributes } = message.MessageAttributes ?? {};
        out.push({
          body: await bodyOf(message.Body ?? '', ExtendedPayloadSize?.StringValue),
          attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, value.StringValue])),
        });
      }
    }
    return out;
  }

  /** One webhook through the handler: its answer (or what it threw) and what reached the queue. */
  async function deliver(event: APIGatewayProxyEventV2) {
    await take();
    let result: APIGatewayProxyStructuredResultV2 | undefined;
    let thrown: unknown;
    try {
      result = await handler(event);
    } catch (error) {
      thrown = error;
    }
    return { result, thrown, queued: await take() };
  }

  const TIMEOUT = fuzzTimeout('service', 100);

  test.each(FOUND_CASES)('found: %s', async (_name, { event, input }) => {
    const expected = modelIngest(input.delivered, input.headers, SECRETS, HANDLER_MAX_BODY_BYTES);
    const { result, queued } = await deliver(event);
    expect({ status: result?.statusCode, queued: queued.length }).toEqual({
      status: expected.status,
      queued: expected.message ? 1 : 0,
    });
  });

  test(
    'never throws and never answers 5xx, whatever the event',
    async () => {
      await fc.assert(
        fc.asyncProperty(webhooks, async ({ event }) => {
          const { result, thrown } = await deliver(event);
          expect(thrown).toBeUndefined();
          expect(result?.statusCode).toBeLessThan(500);
          expect(() => JSON.parse(String(result?.body))).not.toThrow();
        }),
        fuzzParams('service', { examples: FOUND }),
      );
    },
    TIMEOUT,
  );

  test(
    'answers 401 and queues nothing when the signature is missing or wrong',
    async () => {
      await fc.assert(
        fc.asyncProperty(webhooks, async ({ event, input }) => {
          fc.pre(
            input.delivered.byteLength <= HANDLER_MAX_BODY_BYTES &&
              !modelSigned(input.delivered, modelHeader(input.headers, 'x-plane-signature'), SECRETS),
          );
          const { result, queued } = await deliver(event);
          expect(result?.statusCode).toBe(401);
          expect(JSON.parse(String(result?.body))).toMatchObject({ error: 'invalid_signature' });
          expect(queued).toEqual([]);
        }),
        fuzzParams('service', { examples: FOUND }),
      );
    },
    TIMEOUT,
  );

  test(
    'queues exactly one message, the raw body (inline or by claim check) with its routing attributes, iff ' +
      'the webhook is signed and a valid envelope; answers 200 then',
    async () => {
      await fc.assert(
        fc.asyncProperty(webhooks, async ({ event, input }) => {
          const expected = modelIngest(input.delivered, input.headers, SECRETS, HANDLER_MAX_BODY_BYTES);
          const { result, queued } = await deliver(event);
          const wanted = expected.message && {
            body: expected.message.body,
            attributes: { ...expected.message.attributes },
          };
          if (wanted?.attributes.deliveryId) wanted.attributes.deliveryId = wanted.attributes.deliveryId.slice(0, 200);
          expect(compact({ status: result?.statusCode, queued })).toEqual(
            compact({ status: expected.status, queued: wanted ? [wanted] : [] }),
          );
        }),
        fuzzParams('service', { examples: FOUND }),
      );
    },
    TIMEOUT,
  );
});

/** An in-memory EventQueue (a real implementation: an array), which can be switched off. */
function memoryQueue(): EventQueue & { messages: QueuedEvent[]; down: boolean } {
  return {
    messages: [],
    down: false,
    async send(message) {
      if (this.down) throw new Error('queue unavailable');
      this.messages.push(message);
    },
  };
}

/** In-memory payload stores (real implementations: maps), which can be switched off together. */
function memoryBucket() {
  const state = { down: false };
  const claims = createMemoryClaimStore('fuzz', () => state.down);
  const overflow = createMemoryOverflowStore(() => state.down);
  return { state, claims, overflow, stores: { claims: async () => claims, overflow: async () => overflow } };
}

/** The message as the model describes it: the body (read back when claimed), attributes absent or empty left out. */
function asModelMessage({ body, attributes, payloadSize }: QueuedEvent, claims = createMemoryClaimStore('fuzz')) {
  return {
    body: payloadSize === undefined ? body : claims.objects.get(parseClaimPointer(body).key),
    attributes: Object.fromEntries(
      Object.entries(attributes).filter(([, value]) => value !== undefined && value !== ''),
    ),
  };
}

test(
  'core createIngest with an in-memory queue does what the model says: status, and the one message for a 200',
  async () => {
    const maxBodyBytes = fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.constant(DEFAULT_MAX_BODY_BYTES));
    const coreFound = FOUND.slice(0, 2).map(([found]): [WebhookInput, number] => [found.input, DEFAULT_MAX_BODY_BYTES]);
    await fc.assert(
      fc.asyncProperty(webhookInput(SECRETS), maxBodyBytes, async (input, limit) => {
        const queue = memoryQueue();
        const bucket = memoryBucket();
        const ingest = createIngest({
          webhookSecret: createCachedSecret(async () => SECRETS.join(' ')),
          queue,
          ...bucket.stores,
          maxBodyBytes: limit,
          log: quiet(),
          metrics: noMetrics,
        });
        const result = await ingest({ body: input.delivered, headers: input.headers });
        const expected = modelIngest(input.delivered, input.headers, SECRETS, limit);
        expect(
          compact({
            status: result.status,
            queued: queue.messages.map((message) => asModelMessage(message, bucket.claims)),
          }),
        ).toEqual(compact({ status: expected.status, queued: expected.message ? [expected.message] : [] }));
      }),
      fuzzParams('pure', { examples: coreFound }),
    );
  },
  fuzzTimeout('pure', 4),
);

/*
 * Model-based: sequences of webhooks, secret rotations, clock steps and outages of the queue, the
 * payload bucket and the secret store, checked against what the kit promises: a 200 only for an event
 * that is durable (queued, or kept in the bucket while the queue is down); a secret active for 30 s is
 * honoured; a secret retired 5 minutes ago is not; a store outage does not take the webhook down once a
 * secret has been read; 503 (never 200) while both the queue and the bucket are down.
 */
interface Model {
  now: number;
  active: string[];
  readonly addedAt: Map<string, number>;
  readonly retiredAt: Map<string, number>;
  issued: number;
  storeDown: boolean;
  queueDown: boolean;
  bucketDown: boolean;
  everRead: boolean;
}

interface Real {
  /** The fake clock and the secret store the cached secret reads. */
  readonly world: { clock: number; store: string; storeDown: boolean };
  readonly queue: ReturnType<typeof memoryQueue>;
  readonly bucket: ReturnType<typeof memoryBucket>;
  readonly ingest: ReturnType<typeof createIngest>;
}

type Signer = 'newest' | 'oldest' | 'retired' | 'never' | 'none';

class Deliver implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly signer: Signer,
    readonly validBody: boolean,
    readonly item: number,
  ) {}
  check(model: Readonly<Model>) {
    return this.signer !== 'retired' || model.retiredAt.size > 0;
  }
  async run(model: Model, real: Real) {
    const body = this.validBody
      ? `{"event": "issue", "action": "updated", "workspace_id": "ws-1", "data": {"id": "item-${this.item}"}}`
      : `{"event": "issue", "data": ${this.item}`;
    const secret =
      this.signer === 'newest'
        ? model.active[model.active.length - 1]
        : this.signer === 'oldest'
          ? model.active[0]
          : this.signer === 'retired'
            ? [...model.retiredAt.keys()][this.item % model.retiredAt.size]
            : 'whsec-never-issued';
    const headers: Record<string, string> =
      this.signer === 'none' ? {} : { 'X-Plane-Signature': hmacHex(secret, body) };
    const before = real.queue.messages.length + real.bucket.overflow.kept.size;
    const { status } = await real.ingest({ body: Buffer.from(body, 'utf8'), headers });
    const durable = real.queue.messages.length + real.bucket.overflow.kept.size - before;
    real.bucket.overflow.kept.clear(); // the sweeper's job; a re-sent body would otherwise find its object
    const allDown = model.queueDown && model.bucketDown;

    const seasoned = (model.addedAt.get(secret) ?? Infinity) <= model.now - 30_000 && model.active.includes(secret);
    const longRetired = (model.retiredAt.get(secret) ?? Infinity) <= model.now - 300_000;
    const checks = {
      durableIff200: durable === (status === 200 ? 1 : 0),
      known: [200, 400, 401, 503].includes(status),
      notAcceptedWhileAllDown: !(allDown && status === 200),
      unsignedNeverAccepted: !((this.signer === 'none' || this.signer === 'never') && status === 200),
      storeOutageHarmlessOnceRead: !(model.everRead && !allDown && status === 503),
      storeDownBeforeFirstRead: !(!model.everRead && model.storeDown) || status === 503,
      seasonedSecretHonoured:
        !(seasoned && !model.storeDown) || status === (allDown && this.validBody ? 503 : this.validBody ? 200 : 400),
      retiredSecretRefused: !(longRetired && !model.storeDown) || status === 401,
    };
    expect(checks).toEqual(Object.fromEntries(Object.keys(checks).map((name) => [name, true])));
    if (!model.storeDown) model.everRead = true;
  }
  toString() {
    return `deliver(${this.signer}, ${this.validBody ? 'valid' : 'invalid'}, ${this.item})`;
  }
}

class Rotate implements fc.AsyncCommand<Model, Real> {
  /**
   * `add`: a new secret beside the old ones (a rotation starts); `finish`: only the newest stays; `replace`: a new one
   * alone.
   */
  constructor(readonly how: 'add' | 'finish' | 'replace') {}
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    model.issued += 1;
    const fresh = `whsec-issued-${model.issued}`;
    const next =
      this.how === 'add' ? [...model.active, fresh] : this.how === 'finish' ? model.active.slice(-1) : [fresh];
    for (const secret of model.active) if (!next.includes(secret)) model.retiredAt.set(secret, model.now);
    for (const secret of next) if (!model.active.includes(secret)) model.addedAt.set(secret, model.now);
    model.active = next;
    real.world.store = next.join(' ');
  }
  toString() {
    return `rotate(${this.how})`;
  }
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    model.now += this.ms;
    real.world.clock += this.ms;
  }
  toString() {
    return `advance(${this.ms})`;
  }
}

class Outage implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly what: 'store' | 'queue' | 'bucket',
    readonly down: boolean,
  ) {}
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    if (this.what === 'store') model.storeDown = real.world.storeDown = this.down;
    else if (this.what === 'queue') model.queueDown = real.queue.down = this.down;
    else model.bucketDown = real.bucket.state.down = this.down;
  }
  toString() {
    return `${this.what}(${this.down ? 'down' : 'up'})`;
  }
}

test(
  'model-based: webhooks across secret rotations, clock steps and outages keep the ingest promises',
  async () => {
    const commands = fc.commands(
      [
        fc
          .tuple(
            fc.constantFrom<Signer>('newest', 'newest', 'oldest', 'retired', 'never', 'none'),
            fc.boolean(),
            fc.nat(1_000),
          )
          .map(([signer, valid, item]) => new Deliver(signer, valid, item)),
        fc.constantFrom('add', 'finish', 'replace').map((how) => new Rotate(how)),
        fc
          .oneof(fc.constantFrom(1, 29_999, 30_000, 299_999, 300_000), fc.integer({ min: 0, max: 400_000 }))
          .map((ms) => new Advance(ms)),
        fc
          .tuple(fc.constantFrom<'store' | 'queue' | 'bucket'>('store', 'queue', 'bucket'), fc.boolean())
          .map(([what, down]) => new Outage(what, down)),
      ],
      { maxCommands: 30 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        const first = 'whsec-issued-0';
        const model: Model = {
          now: 0,
          active: [first],
          addedAt: new Map([[first, -1_000_000]]),
          retiredAt: new Map(),
          issued: 0,
          storeDown: false,
          queueDown: false,
          bucketDown: false,
          everRead: false,
        };
        const world = { clock: 0, store: first, storeDown: false };
        const webhookSecret = createCachedSecret(
          async () => {
            if (world.storeDown) throw new Error('secrets manager unavailable');
            return world.store;
          },
          { clock: () => world.clock },
        );
        const queue = memoryQueue();
        const bucket = memoryBucket();
        const ingest = createIngest({
          webhookSecret,
          queue,
          ...bucket.stores,
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
          log: quiet(),
          metrics: noMetrics,
        });
        await fc.asyncModelRun(() => ({ model, real: { world, queue, bucket, ingest } }), sequence);
      }),
      fuzzParams('pure'),
    );
  },
  fuzzTimeout('pure', 5),
);

/*
 * API Gateway's HTTP API takes up to 10,240 bytes of headers, and what a rejected request says
 * about itself is logged. The work that costs must stay bounded whatever the sender writes: the
 * logged event name is cut to 100 characters, and redaction cuts any string to 4,096 before its
 * patterns run. (Asserted as behaviour, not with a timer: the machines are shared and noisy.)
 */
const HEADER_QUOTA_BYTES = 10_240;

test(
  'a rejected webhook logs at most 100 characters of whatever X-Plane-Event it sent',
  async () => {
    const stem = fc.string({
      unit: fc.constantFrom('e', 'y', 'J', '-', '_', '.', 'a', ' ', 'B', 'p', 'l', 'n'),
      minLength: 1,
      maxLength: 6,
    });
    const value = fc
      .tuple(
        fc.oneof(stem, fc.constantFrom('eyJ-', 'Bearer x', 'pln_')),
        fc.integer({ min: 1, max: HEADER_QUOTA_BYTES - 64 }),
      )
      .map(([part, length]) => part.repeat(Math.ceil(length / part.length)).slice(0, length));
    await fc.assert(
      fc.asyncProperty(value, async (event) => {
        const lines: Array<Record<string, unknown>> = [];
        const log = createJsonLogger({ write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
        const ingest = createIngest({
          webhookSecret: createCachedSecret(async () => SECRETS.join(' ')),
          queue: memoryQueue(),
          ...memoryBucket().stores,
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
          log,
          metrics: noMetrics,
        });
        const { status } = await ingest({ body: Buffer.from('{}'), headers: { 'x-plane-event': event } });
        expect(status).toBe(401);
        for (const line of lines) expect(String(line.event ?? '').length).toBeLessThanOrEqual(100);
      }),
      fuzzParams('service', { examples: [['eyJ-'.repeat(HEADER_QUOTA_BYTES / 4)]] }),
    );
  },
  fuzzTimeout('service', 100),
);

test('redaction cuts any string to 4,096 characters before its patterns run', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('eyJ-', 'Bearer ', 'pln_', 'a.', 'x'),
      fc.integer({ min: 4_097, max: 20_000 }),
      (part, length) => {
        const out = redactText(part.repeat(Math.ceil(length / part.length)));
        expect(out.length).toBeLessThanOrEqual(4_096 + 40);
      },
    ),
    fuzzParams('pure'),
  );
});
