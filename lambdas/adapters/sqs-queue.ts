import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PayloadTooLargeError, ValidationError } from '../core/errors';
import { QUEUE_MAX_MESSAGE_BYTES } from '../core/limits';
import type { EventQueue } from '../core/ports';
import { attributePairs, type QueuedEvent } from '../core/queued-event';

/**
 * An SQS client for the webhook path: a few fast attempts that all fit well inside the 30 s
 * Plane waits (4 attempts × at most 3 s each, plus backoff).
 */
export function createSqsClient(): SQSClient {
  return new SQSClient({ maxAttempts: 4, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } });
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** Sends one message per webhook: the raw body and its routing attributes. */
export function createSqsQueue(client: SQSClient, queueUrl: string): EventQueue {
  return {
    async send(message: QueuedEvent) {
      const attributes: Record<string, MessageAttributeValue> = Object.fromEntries(
        attributePairs(message.attributes).map(([name, value]) => [name, text(value)]),
      );
      // SQS counts the attributes (names, types, values) in the message size, not just the body.
      const size =
        Buffer.byteLength(message.body) +
        Object.entries(attributes).reduce(
          (sum, [name, value]) =>
            sum +
            Buffer.byteLength(name) +
            Buffer.byteLength(value.DataType ?? '') +
            Buffer.byteLength(value.StringValue ?? ''),
          0,
        );
      if (size > QUEUE_MAX_MESSAGE_BYTES) throw new PayloadTooLargeError(size, QUEUE_MAX_MESSAGE_BYTES);
      try {
        await client.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.body, MessageAttributes: attributes }),
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
