/**
 * SQS's classic message limit. The queue is created with it and ingest answers 413 above
 * MAX_BODY_BYTES (this minus room for the message attributes).
 */
export const QUEUE_MAX_MESSAGE_BYTES = 262_144;
export const DEFAULT_MAX_BODY_BYTES = QUEUE_MAX_MESSAGE_BYTES - 4_096;

/** Queue receives before a message is parked in the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
