/**
 * SQS's classic message limit. The queue is created with it; a body that does not fit (with its
 * attributes) travels by claim check instead (claim-check.ts).
 */
export const QUEUE_MAX_MESSAGE_BYTES = 262_144;

/**
 * Lambda's synchronous invocation payload limit ("6 MB each for request and response"; the Invoke
 * API refuses a request over 6,291,456 bytes). API Gateway's HTTP API carries 10 MB, so this is the
 * limit a webhook meets: the whole API Gateway event, serialised as JSON, must fit in it.
 */
const LAMBDA_SYNC_PAYLOAD_BYTES = 6_291_456;

/** Room in that payload for the event's other fields: headers, request context, route. */
const EVENT_ALLOWANCE_BYTES = 32_768;

/**
 * The largest webhook body ingest accepts: what still fits in Lambda's payload when API Gateway
 * base64-encodes it (a non-text content type: 4/3 of its size), about 4.48 MiB. Plane sends
 * `application/json`, which arrives as text and grows only by JSON escaping (`"` becomes `\"`).
 * A body above it cannot reach the function in every encoding, so ingest answers 413, logs and
 * counts it (metric WebhookRejected, Reason payload_too_large); a body API Gateway or Lambda refuse
 * before the function runs shows in the API's access log.
 */
export const DEFAULT_MAX_BODY_BYTES = Math.floor(((LAMBDA_SYNC_PAYLOAD_BYTES - EVENT_ALLOWANCE_BYTES) * 3) / 4);

/** Queue receives before a message is parked in the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
