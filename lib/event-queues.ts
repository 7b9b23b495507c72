import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Env } from '../lambdas/core/env-names';
import { MAX_RECEIVE_COUNT, QUEUE_MAX_MESSAGE_BYTES } from '../lambdas/core/limits';

/** Properties of {@link EventQueues}. */
export interface EventQueuesProps {
  /**
   * Visibility timeout of the event queue. AWS asks for at least 6 × the consumer's timeout,
   * so a message is not redelivered while a throttled or retried invocation still holds it.
   */
  readonly visibilityTimeout: Duration;
  /**
   * Receives before a message is parked in the dead-letter queue.
   * @default MAX_RECEIVE_COUNT (5)
   */
  readonly maxReceiveCount?: number;
  /**
   * How long the event queue keeps a message.
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
  /**
   * How long the dead-letter queue keeps a message (time to notice and redrive it).
   * @default Duration.days(14)
   */
  readonly deadLetterRetentionPeriod?: Duration;
}

/** Options of {@link EventQueues.addConsumer}. */
export interface EventConsumerOptions {
  /**
   * Records per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long Lambda waits to fill a batch.
   * @default - no wait: events answer people (mentions, comments), so latency beats fuller
   * batches; Lambda still takes up to `batchSize` messages that are already waiting.
   */
  readonly maxBatchingWindow?: Duration;
}

/**
 * The webhook event queue and its dead-letter queue: SQS-managed encryption, TLS only, the
 * classic 256 KiB message limit, and a redrive after {@link MAX_RECEIVE_COUNT} receives.
 */
export class EventQueues extends Construct {
  /** Verified webhook events, waiting for the processor. */
  public readonly queue: Queue;
  /** Events that failed `maxReceiveCount` times, kept for inspection and redrive. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EventQueuesProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      maxMessageSizeBytes: QUEUE_MAX_MESSAGE_BYTES,
      retentionPeriod: props.deadLetterRetentionPeriod ?? Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      maxMessageSizeBytes: QUEUE_MAX_MESSAGE_BYTES,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVE_COUNT },
    });
  }

  /** Lets a function send events: sets `QUEUE_URL` and grants `sqs:SendMessage`. */
  public addProducer(fn: LambdaFunction): void {
    fn.addEnvironment(Env.QueueUrl, this.queue.queueUrl);
    this.queue.grantSendMessages(fn);
  }

  /**
   * Makes a function the consumer of the event queue, reporting partial batch failures so one
   * failing event is retried alone. The event source grants the receive/delete permissions.
   */
  public addConsumer(fn: LambdaFunction, options: EventConsumerOptions = {}): SqsEventSource {
    const source = new SqsEventSource(this.queue, {
      batchSize: options.batchSize ?? 10,
      maxBatchingWindow: options.maxBatchingWindow,
      reportBatchItemFailures: true,
    });
    fn.addEventSource(source);
    return source;
  }
}
