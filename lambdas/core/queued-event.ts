/**
 * What travels beside a queued webhook body, as queue message attributes. Ingest sets each one it
 * has; a message put on the queue another way may lack any of them, so the processor falls back to
 * what the body says. Each attribute is read on the far side: one nobody reads is not sent.
 */
export interface QueuedEventAttributes {
  /** The event name ingest parsed; a bare agent payload has none in its body (X-Plane-Event names it). */
  readonly event?: string;
  /** The processor runs one workspace's records of a batch in order. */
  readonly workspaceId?: string;
  /** The de-duplication key, computed once over the raw bytes at ingest. */
  readonly dedupKey?: string;
  /** Plane's X-Plane-Delivery, logged on both sides (never a dedup key: a retry gets a new one). */
  readonly deliveryId?: string;
}

/**
 * A verified webhook on its way from ingest to the processor: the raw body text and its attributes.
 * A body too large for a queue message travels by claim check (claim-check.ts): `body` is then the
 * pointer and `payloadSize` the size of the body it points at.
 */
export interface QueuedEvent {
  readonly body: string;
  readonly attributes: QueuedEventAttributes;
  readonly payloadSize?: number;
}

/** The queue message attribute name of each field of {@link QueuedEventAttributes}. */
export const QueuedEventAttributeNames = {
  event: 'event',
  workspaceId: 'workspaceId',
  dedupKey: 'dedupKey',
  deliveryId: 'deliveryId',
} as const satisfies Record<keyof QueuedEventAttributes, string>;

type Field = keyof QueuedEventAttributes;
// The keys of the literal above, which `satisfies` ties to the interface's fields.
const FIELDS = Object.keys(QueuedEventAttributeNames) as Field[];

/** The attributes that are set, as [queue attribute name, value] pairs (queues refuse empty values). */
export function attributePairs(attributes: QueuedEventAttributes): Array<[name: string, value: string]> {
  return FIELDS.flatMap((field): Array<[string, string]> => {
    const value = attributes[field];
    return value ? [[QueuedEventAttributeNames[field], value]] : [];
  });
}

/** The attributes of a received message; `read` gets one by its queue attribute name. */
export function attributesFrom(read: (name: string) => string | undefined): QueuedEventAttributes {
  const attributes: { -readonly [K in Field]?: string } = {};
  for (const field of FIELDS) {
    const value = read(QueuedEventAttributeNames[field]);
    if (value) attributes[field] = value;
  }
  return attributes;
}

/**
 * The size SQS counts for a message: the body plus each attribute's name, type (`String`, or
 * `Number` for the claim check's size) and value.
 */
export function queueMessageBytes(message: QueuedEvent): number {
  const size =
    message.payloadSize === undefined ? [] : [[EXTENDED_PAYLOAD_SIZE, 'Number', String(message.payloadSize)]];
  const parts = [...attributePairs(message.attributes).map(([name, value]) => [name, 'String', value]), ...size];
  return parts.reduce(
    (sum, part) => sum + part.reduce((bytes, text) => bytes + utf8Bytes(text), 0),
    utf8Bytes(message.body),
  );
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The SQS Extended Client's size attribute of a claim check (claim-check.ts), and the one its older versions wrote. */
export const EXTENDED_PAYLOAD_SIZE = 'ExtendedPayloadSize';
const LEGACY_PAYLOAD_SIZE = 'SQSLargePayloadSize';

/** The claim-check size attribute of a received message, under its current or its legacy name. */
export function payloadSizeOf(read: (name: string) => string | undefined): number | undefined {
  const text = read(EXTENDED_PAYLOAD_SIZE) ?? read(LEGACY_PAYLOAD_SIZE);
  return text === undefined ? undefined : Number(text);
}
