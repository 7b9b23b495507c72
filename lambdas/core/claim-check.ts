import { createHash } from 'node:crypto';
import { BucketPrefix } from './bucket-layout';
import { decodeBody } from './envelope';
import { ValidationError } from './errors';
import type { BodyClaim, ClaimStore } from './ports';
import type { QueuedEvent } from './queued-event';

/**
 * Claim checks in the format of the Amazon SQS Extended Client Library ("Managing large Amazon SQS
 * messages with Extended Client Library and Amazon S3", SQS Developer Guide; awslabs/
 * amazon-sqs-java-extended-client-lib): the message body is the pointer
 * `["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName", "s3Key"}]` and the
 * attribute `ExtendedPayloadSize` (a Number, queued-event.ts) holds the body's size, so that
 * library's readers understand the kit's messages and the other way round.
 */
const POINTER_CLASS = 'software.amazon.payloadoffloading.PayloadS3Pointer';

/** Lowercase hex SHA-256 of a body: its claim's key, and what the reader checks it got. */
export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The claim key of a body with this hash: content-addressed, so a re-sent body reuses its object. */
export const claimKey = (sha256: string): string => `${BucketPrefix.Claims}${sha256}`;

/** The message body that points at `claim`. */
export function claimPointer(claim: BodyClaim): string {
  return JSON.stringify([POINTER_CLASS, { s3BucketName: claim.bucket, s3Key: claim.key }]);
}

const invalid = (reason: string) => new ValidationError(reason, { code: 'invalid_claim' });

/** Reads a pointer body; throws when it is not one (the record then fails and ends in the dead-letter queue). */
export function parseClaimPointer(body: string): BodyClaim {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalid('the message has a payload size but its body is not a claim-check pointer');
  }
  const [kind, where] = Array.isArray(parsed) ? parsed : [];
  const { s3BucketName, s3Key } = (typeof where === 'object' && where !== null ? where : {}) as Record<string, unknown>;
  if (kind !== POINTER_CLASS || typeof s3BucketName !== 'string' || typeof s3Key !== 'string')
    throw invalid('the message has a payload size but its body is not a claim-check pointer');
  return { bucket: s3BucketName, key: s3Key };
}

/**
 * Checks that a claimed body is the one that was verified and queued: its size is the message's
 * `ExtendedPayloadSize`, and, for the kit's content-addressed keys, its SHA-256 is the key's.
 */
function checkClaimedBody(claim: BodyClaim, body: Uint8Array, size: number): void {
  if (body.byteLength !== size)
    throw invalid(`the claimed body ${claim.key} has ${body.byteLength} bytes; the message says ${size}`);
  if (claim.key.startsWith(BucketPrefix.Claims) && claim.key !== claimKey(sha256Hex(body)))
    throw invalid(`the claimed body ${claim.key} does not match its hash: it is not the body that was verified`);
}

/**
 * The event with its body read back from the bucket when it travelled by claim check, and checked
 * to be the body that was verified (checkClaimedBody); any other event as it is.
 */
export async function readClaimedEvent(message: QueuedEvent, claims: () => Promise<ClaimStore>): Promise<QueuedEvent> {
  if (message.payloadSize === undefined) return message;
  const claim = parseClaimPointer(message.body);
  const bytes = await (await claims()).get(claim);
  checkClaimedBody(claim, bytes, message.payloadSize);
  return { body: decodeBody(bytes), attributes: message.attributes };
}
