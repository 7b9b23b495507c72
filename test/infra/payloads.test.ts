import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

let dev: SynthesizedStage;
let prod: SynthesizedStage;
beforeAll(() => {
  dev = synthStage();
  prod = synthStage({ stage: 'prod' });
}, SYNTH_TIMEOUT_MS);

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const resourceOf = (s: SynthesizedStage, id: string) => s.template.toJSON().Resources[id] as Resource;
const bucketOf = (s: SynthesizedStage) => resourceOf(s, logicalId(s.stack.payloads.bucket));

describe('payload bucket', () => {
  test('is encrypted (S3-managed), blocks all public access and enforces bucket ownership', () => {
    expect(bucketOf(dev).Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('denies requests without TLS', () => {
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(dev.stack.payloads.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('expires objects after 30 days: longer than the event queue (4 days) and its dead-letter queue (14)', () => {
    const rules = (bucketOf(dev).Properties.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules).toEqual([
      {
        Id: 'ExpirePayloads',
        Status: 'Enabled',
        ExpirationInDays: 30,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    const retention = (id: string) => resourceOf(dev, id).Properties.MessageRetentionPeriod as number;
    const queues =
      retention(logicalId(dev.stack.queues.queue)) + retention(logicalId(dev.stack.queues.deadLetterQueue));
    expect(30 * 24 * 3600).toBeGreaterThan(queues);
  });

  test('is retained like the table: kept in prod, deleted with a dev stack', () => {
    expect([bucketOf(prod).DeletionPolicy, bucketOf(dev).DeletionPolicy]).toEqual(['Retain', 'Delete']);
    expect(resourceOf(prod, logicalId(prod.stack.table.table)).DeletionPolicy).toBe('Retain');
  });
});

describe('sweeper schedule', () => {
  test('an EventBridge rule runs the sweeper every minute', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(dev.stack.sweeper.lambdaFunction), 'Arn'] } })],
    });
    dev.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(dev.stack.sweeper.lambdaFunction), 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });
});

describe('durability alarms', () => {
  const alarm = (name: string) =>
    Object.values(dev.template.findResources('AWS::CloudWatch::Alarm')).find(
      (candidate) => (candidate as Resource).Properties.AlarmName === `PlaneApp-dev-${name}`,
    ) as Resource | undefined;

  test('WebhooksOverflowed fires on the first webhook kept while SQS refused', () => {
    expect(alarm('WebhooksOverflowed')?.Properties).toMatchObject({
      Namespace: 'PlaneApp',
      MetricName: 'WebhookOverflowed',
      Dimensions: [{ Name: 'Stage', Value: 'dev' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test("SweepFailures adds the sweeper's counted failures and its Lambda errors (crashes, timeouts)", () => {
    const props = alarm('SweepFailures')?.Properties as { Metrics: Array<Record<string, unknown>>; Threshold: number };
    expect(props.Threshold).toBe(1);
    expect(props.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Expression: 'FILL(failed, 0) + FILL(errors, 0)' }),
        expect.objectContaining({
          Id: 'failed',
          MetricStat: expect.objectContaining({
            Metric: expect.objectContaining({ MetricName: 'OverflowSweepFailed', Namespace: 'PlaneApp' }),
          }),
        }),
        expect.objectContaining({
          Id: 'errors',
          MetricStat: expect.objectContaining({
            Metric: expect.objectContaining({
              MetricName: 'Errors',
              Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(dev.stack.sweeper.lambdaFunction) } }],
            }),
          }),
        }),
      ]),
    );
  });

  test('OversizedWebhooks fires on the first 413 (that event is lost)', () => {
    expect(alarm('OversizedWebhooks')?.Properties).toMatchObject({
      MetricName: 'WebhookRejected',
      Dimensions: expect.arrayContaining([{ Name: 'Reason', Value: 'payload_too_large' }]),
      Threshold: 1,
    });
  });
});

describe('webhook path', () => {
  const generators = (s: SynthesizedStage) =>
    Object.entries(s.template.findResources('Custom::AWS')).map(([id, resource]) => ({
      id,
      properties: (resource as Resource).Properties,
      create: JSON.parse(String((resource as Resource).Properties.Create)) as Record<string, unknown>,
    }));

  test('one segment, drawn once at create by GetRandomPassword (32 letters and digits), its value never logged', () => {
    const [generator, ...others] = generators(dev);
    expect(others).toEqual([]);
    expect(generator.create).toEqual({
      service: 'SecretsManager',
      action: 'getRandomPassword',
      parameters: { PasswordLength: 32, ExcludePunctuation: true, IncludeSpace: false },
      physicalResourceId: { id: 'webhook-path-v1' },
      outputPaths: ['RandomPassword'],
      logApiResponseData: false,
    });
    // No update call: an update never draws a new segment behind the operator's back.
    expect(generator.properties.Update).toBeUndefined();
  });

  test(
    'raising webhookPathVersion replaces the generator (a new segment); the same version keeps it',
    () => {
      const next = synthStage({ stages: { dev: { webhookPathVersion: 2 } } });
      const [before] = generators(dev);
      const [after] = generators(next);
      expect(after.id).not.toBe(before.id);
      expect(after.create.physicalResourceId).toEqual({ id: 'webhook-path-v2' });
      expect(generators(synthStage())[0].id).toBe(before.id);
    },
    SYNTH_TIMEOUT_MS,
  );

  test('the stack outputs the webhook URL with its segment, and no stage setting holds a segment', () => {
    expect(JSON.stringify(dev.template.findOutputs('AddToPlaneWebhookUrl'))).toContain('RandomPassword');
    expect(Object.keys(dev.stack.node.tryGetContext('stages').dev)).not.toContain('webhookPath');
  });
});
