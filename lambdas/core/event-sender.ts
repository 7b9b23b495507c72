import { claimPointer, sha256Hex } from './claim-check';
import { UnavailableError } from './errors';
import { QUEUE_MAX_MESSAGE_BYTES } from './limits';
import type { ClaimStore, EventQueue } from './ports';
import { type QueuedEvent, queueMessageBytes } from './queued-event';

/** How an event went into the queue: as it is, or its body by claim check. */
export type SendOutcome = 'queued' | 'offloaded';

export interface EventSenderOptions {
  readonly queue: EventQueue;
  /** Asked for only when a body does not fit in a queue message (ingest loads the S3 client then). */
  readonly claims: () => Promise<ClaimStore>;
}

/** The error code of a body that could not be kept by claim check (the bucket refused, not the queue). */
export const CLAIM_FAILED = 'claim_failed';

/**
 * Puts an event with an inline body on the queue: as one message when it fits (body and
 * attributes within SQS's limit), else its body into the bucket first and a claim check into the
 * queue. Resolves once the queue accepted the message. A bucket failure rejects with an
 * UnavailableError coded {@link CLAIM_FAILED}; a queue failure rejects with the queue's error.
 */
export function createEventSender(options: EventSenderOptions): (event: QueuedEvent) => Promise<SendOutcome> {
  return async (event) => {
    if (queueMessageBytes(event) <= QUEUE_MAX_MESSAGE_BYTES) {
      await options.queue.send(event);
      return 'queued';
    }
    let pointer: string;
    try {
      const claims = await options.claims();
      pointer = claimPointer(await claims.put(event.body, sha256Hex(event.body)));
    } catch (cause) {
      throw new UnavailableError('the body could not be kept in the payload bucket', { code: CLAIM_FAILED, cause });
    }
    await options.queue.send({
      body: pointer,
      attributes: event.attributes,
      payloadSize: Buffer.byteLength(event.body),
    });
    return 'offloaded';
  };
}
