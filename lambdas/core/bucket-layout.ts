/**
 * The payload bucket's key prefixes, shared by the functions and the stack (lib/ grants each
 * function exactly the prefixes it uses, and the lifecycle rule covers both).
 */
export const BucketPrefix = {
  /** Bodies too large for a queue message, keyed by their SHA-256: the claim checks' objects. */
  Claims: 'large/',
  /** Verified events the queue refused, kept until the sweeper re-enqueues them. */
  Undelivered: 'undelivered/',
} as const;
