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

/** A verified webhook on its way from ingest to the processor: the raw body text and its attributes. */
export interface QueuedEvent {
  readonly body: string;
  readonly attributes: QueuedEventAttributes;
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
