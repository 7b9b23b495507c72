import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A message taken off the queue: its body and its string attributes. */
export interface ReceivedMessage {
  readonly body: string;
  readonly attributes: Record<string, string | undefined>;
}

/** Takes every visible message off the queue (hidden for a minute), page by page, until none is left. */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  for (;;) {
    const page = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    if (!page.Messages?.length) return out;
    for (const message of page.Messages) {
      out.push({
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
        ),
      });
    }
  }
}
