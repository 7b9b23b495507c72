import { Match } from 'aws-cdk-lib/assertions';
import { PROCESSOR_TIMINGS } from '../../lambdas/core/event-timings';
import { MAX_RECEIVE_COUNT, QUEUE_MAX_MESSAGE_BYTES } from '../../lambdas/core/limits';
import { FunctionTimeouts } from '../../lib/plane-app-stack';
import { logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

let dev: SynthesizedStage;
let queueId: string;
let dlqId: string;
beforeAll(() => {
  dev = synthStage();
  queueId = logicalId(dev.stack.queues.queue);
  dlqId = logicalId(dev.stack.queues.deadLetterQueue);
}, SYNTH_TIMEOUT_MS);

const resource = (id: string) => dev.template.toJSON().Resources[id] as { Properties: Record<string, unknown> };

describe('queues', () => {
  test('both queues use SQS-managed encryption and the 256 KiB limit', () => {
    for (const id of [queueId, dlqId]) {
      expect(resource(id).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MaximumMessageSize: QUEUE_MAX_MESSAGE_BYTES,
      });
    }
  });

  test.each([
    ['event queue', () => queueId],
    ['dead-letter queue', () => dlqId],
  ])('the %s denies requests without TLS', (_name, id) => {
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('visibility timeout is at least 6 × the processor timeout', () => {
    expect(resource(queueId).Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * FunctionTimeouts.processor.toSeconds(),
    );
  });

  test('the queue and the processor are built from the timings the processor claims with', () => {
    const processor = Object.values(dev.template.findResources('AWS::Lambda::Function')).find(
      (fn) =>
        (fn as { Properties: { Description?: string } }).Properties.Description === 'Processes queued Plane events',
    ) as { Properties: { Timeout: number } };
    expect([resource(queueId).Properties.VisibilityTimeout, processor.Properties.Timeout]).toEqual([
      PROCESSOR_TIMINGS.visibilityTimeoutMs / 1000,
      PROCESSOR_TIMINGS.functionTimeoutMs / 1000,
    ]);
  });

  test(`the event queue redrives to the DLQ after ${MAX_RECEIVE_COUNT} receives`, () => {
    expect(resource(queueId).Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  test('the DLQ keeps messages 14 days', () => {
    expect(resource(dlqId).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });
});

describe('processor event source', () => {
  test('batches of 10 from the event queue, with partial batch failures', () => {
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: logicalId(dev.stack.processor.lambdaFunction) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('no batching window: events answer people, latency first', () => {
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumBatchingWindowInSeconds: Match.absent(),
    });
  });

  test('only the processor consumes the queue', () => {
    dev.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});

describe('table', () => {
  let table: Record<string, unknown>;
  beforeAll(() => {
    table = resource(logicalId(dev.stack.table.table)).Properties;
  });

  test('one table', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  test('partition key pk (string) only', () => {
    expect([table.KeySchema, table.AttributeDefinitions]).toEqual([
      [{ AttributeName: 'pk', KeyType: 'HASH' }],
      [{ AttributeName: 'pk', AttributeType: 'S' }],
    ]);
  });

  test('on demand', () => {
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  test('point-in-time recovery', () => {
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  test('TTL on the ttl attribute', () => {
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  test('AWS-managed encryption', () => {
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
  });
});

describe('secrets', () => {
  test('two secrets, each with a generated random placeholder (no well-known default)', () => {
    const secrets = Object.values(dev.template.findResources('AWS::SecretsManager::Secret')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    }
  });

  test('the webhook secret says several values may be separated by whitespace', () => {
    expect(resource(logicalId(dev.stack.secrets.webhookSecret)).Properties.Description).toMatch(/whitespace/);
  });
});
