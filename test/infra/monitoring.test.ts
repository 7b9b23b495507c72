import { Match } from 'aws-cdk-lib/assertions';
import { METRICS_NAMESPACE } from '../../lambdas/core/metrics';
import { logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

let dev: SynthesizedStage;
let topic: { Ref: string };
beforeAll(() => {
  dev = synthStage();
  topic = { Ref: logicalId(dev.stack.monitoring.alarmTopic) };
}, SYNTH_TIMEOUT_MS);

type AlarmProps = Record<string, unknown>;
const alarm = (name: string): AlarmProps => {
  const found = Object.values(
    dev.template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `PlaneApp-dev-${name}` } }),
  );
  if (found.length !== 1) throw new Error(`no alarm ${name}`);
  return (found[0] as { Properties: AlarmProps }).Properties;
};

describe('alarms', () => {
  test('eleven alarms, exposed on the construct', () => {
    dev.template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    expect(dev.stack.monitoring.alarms).toHaveLength(11);
  });

  test('every alarm notifies the topic when it fires and when it recovers', () => {
    dev.template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic], OKActions: [topic] });
  });

  test('DLQ not empty: visible messages ≥ 1, keeps its state while SQS is silent', () => {
    expect(alarm('DeadLetterQueueNotEmpty')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dev.stack.queues.deadLetterQueue), 'QueueName'] } },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
    });
  });

  test('oldest message older than 300 s', () => {
    expect(alarm('QueueOldestMessageAge')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dev.stack.queues.queue), 'QueueName'] } }],
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('HTTP API 5xx ≥ 1 over 5 minutes', () => {
    expect(alarm('Api5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(dev.stack.api.httpApi) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('invalid signatures ≥ 20 in 5 minutes', () => {
    expect(alarm('SignatureRejections')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'WebhookRejected',
      Dimensions: [
        { Name: 'Reason', Value: 'invalid_signature' },
        { Name: 'Stage', Value: 'dev' },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 20,
    });
  });

  test(
    'the signature threshold comes from the stage settings',
    () => {
      const custom = synthStage({ stages: { dev: { signatureRejectionThreshold: 7 } } });
      custom.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'PlaneApp-dev-SignatureRejections',
        Threshold: 7,
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  test('token grant failures ≥ 1', () => {
    expect(alarm('TokenGrantFailures')).toMatchObject({
      MetricName: 'TokenGrantFailed',
      Dimensions: [{ Name: 'Stage', Value: 'dev' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('a parked event of a workspace that must reinstall (EventParked reinstall_needed) ≥ 1 over 5 minutes', () => {
    expect(alarm('ReinstallNeeded')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'EventParked',
      Dimensions: [
        { Name: 'Reason', Value: 'reinstall_needed' },
        { Name: 'Stage', Value: 'dev' },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('processor function errors ≥ 1 over 5 minutes', () => {
    expect(alarm('ProcessorErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(dev.stack.processor.lambdaFunction) } }],
      Period: 300,
      Threshold: 1,
    });
  });

  test('silence: fewer than 1 accepted webhook in each of 24 hourly periods, missing data breaches', () => {
    expect(alarm('Silence')).toMatchObject({
      MetricName: 'WebhookAccepted',
      Dimensions: [{ Name: 'Stage', Value: 'dev' }],
      Period: 3600,
      EvaluationPeriods: 24,
      DatapointsToAlarm: 24,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  test(
    'silenceHours sets the evaluation periods',
    () => {
      const custom = synthStage({ stages: { dev: { silenceHours: 6 } } });
      custom.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'PlaneApp-dev-Silence',
        EvaluationPeriods: 6,
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  test('every alarm stays within CloudWatch limits (period × evaluations ≤ 7 days)', () => {
    type AlarmProps = {
      Period?: number;
      EvaluationPeriods: number;
      Metrics?: Array<{ MetricStat?: { Period: number }; Period?: number }>;
    };
    for (const props of Object.values(dev.template.findResources('AWS::CloudWatch::Alarm'))) {
      const { Period, EvaluationPeriods, Metrics } = (props as { Properties: AlarmProps }).Properties;
      // A metric-math alarm has its periods on its metrics.
      const periods = Metrics ? Metrics.map((m) => m.MetricStat?.Period ?? m.Period ?? 0) : [Period ?? 0];
      expect(Math.max(...periods) * EvaluationPeriods).toBeLessThanOrEqual(7 * 24 * 3600);
    }
  });
});

describe('alarm topic', () => {
  test('requires TLS from publishers', () => {
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('no e-mail subscription without alarmEmail', () => {
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test(
    'an e-mail subscription when alarmEmail is set',
    () => {
      const withEmail = synthStage({ alarmEmail: 'ops@example.com' });
      withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('dashboard', () => {
  let body: string;
  beforeAll(() => {
    body = JSON.stringify(dev.template.findResources('AWS::CloudWatch::Dashboard'));
  });

  test('one dashboard named PlaneApp-<stage>', () => {
    dev.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    dev.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'PlaneApp-dev' });
  });

  test.each([
    ['ingest requests', '\\"Count\\"'],
    ['rejections by reason', 'invalid_envelope'],
    ['ingest latency percentiles', '\\"stat\\":\\"p99\\"'],
    ['queue age', 'ApproximateAgeOfOldestMessage'],
    ['processor throttles', '\\"Throttles\\"'],
    ['token grant failures', 'TokenGrantFailed'],
    ['Plane 429s', '\\"429\\"'],
    ['Plane throttling', 'PlaneApiThrottled'],
  ])('shows %s', (_what, needle) => {
    expect(body).toContain(needle);
  });
});
