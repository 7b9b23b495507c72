import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

import { PayloadTooLargeError, ValidationError } from '../core/errors';
import { QUEUE_MAX_MESSAGE_BYTES } from '../core/limits';
import type { EventQueue } from '../core/ports';
import { attributePairs, EXTENDED_PAYLOAD_SIZE, type QueuedEvent, queueMessageBytes } from '../core/queued-event';

/**
 * An SQS client for the webhook path: a few fast attempts that all fit well inside the 30 s
 * Plane waits (4 attempts × at most 3 s each, plus backoff).
 */
export function createSqsClient(): SQSClient {
  return new SQSClient({ maxAttempts: 4, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } });
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** The message attributes of an event: its routing attributes, and a claim check's size as a Number. */
function messageAttributesOf(message: QueuedEvent): Record<string, MessageAttributeValue> {
  const attributes = Object.fromEntries(attributePairs(message.attributes).map(([name, value]) => [name, text(value)]));
  if (message.payloadSize !== undefined)
    attributes[EXTENDED_PAYLOAD_SIZE] = { DataType: 'Number', StringValue: String(message.payloadSize) };
  return attributes;
}

/** Sends one message per webhook: the raw body (or its claim check) and its routing attributes. */
export function createSqsQueue(client: SQSClient, queueUrl: string): EventQueue {
  return {
    async send(message: QueuedEvent) {
      // The sender puts larger bodies in the bucket first (core/event-sender.ts); this is the last guard.
      const size = queueMessageBytes(message);
      if (size > QUEUE_MAX_MESSAGE_BYTES) throw new PayloadTooLargeError(size, QUEUE_MAX_MESSAGE_BYTES);
      try {
        await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: message.body,
            MessageAttributes: messageAttributesOf(message),
          }),
        );
      } catch (error) {
        // SQS refuses some characters and sizes outright: that is the sender's input, not an outage.
        const name = error instanceof Error ? error.name : '';
        if (name === 'InvalidMessageContents' || name === 'InvalidAttributeValue') {
          throw new ValidationError('the body contains characters the queue cannot carry', {
            code: 'invalid_envelope',
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}
