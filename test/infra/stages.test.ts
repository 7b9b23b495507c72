import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

// One synth per hook, so each gets the whole timeout.
const stages: Record<string, SynthesizedStage> = {};
beforeAll(() => {
  stages.dev = synthStage();
}, SYNTH_TIMEOUT_MS);
beforeAll(() => {
  stages.prod = synthStage({ stage: 'prod' });
}, SYNTH_TIMEOUT_MS);

type Resource = {
  Type: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: Record<string, unknown>;
};
const resourcesOf = (s: SynthesizedStage, type: string) =>
  Object.values(s.template.toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === type);

describe.each([
  ['dev', { policy: 'Delete', retention: 14, rateLimit: 20 }],
  ['prod', { policy: 'Retain', retention: 90, rateLimit: 50 }],
])('stage %s', (stage, expected) => {
  const s = () => stages[stage];

  test(`the stack is PlaneApp-${stage}`, () => {
    expect(s().stack.stackName).toBe(`PlaneApp-${stage}`);
  });

  test.each(['AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup'])(
    `%s: removal policy ${expected.policy}`,
    (type) => {
      const found = resourcesOf(s(), type);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found)
        expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([expected.policy, expected.policy]);
    },
  );

  test(`log retention ${expected.retention} days everywhere`, () => {
    s().template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: expected.retention });
  });

  test(`throttling rate ${expected.rateLimit}/s`, () => {
    s().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: expected.rateLimit },
    });
  });

  test('alarms and dashboard carry the stage name', () => {
    s().template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `PlaneApp-${stage}` });
    s().template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `PlaneApp-${stage}-Silence` });
  });

  test('custom metrics are read with the stage dimension', () => {
    s().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `PlaneApp-${stage}-TokenGrantFailures`,
      Dimensions: [{ Name: 'Stage', Value: stage }],
    });
  });

  test('cdk-nag AwsSolutions: zero unacknowledged findings', () => {
    const report = new AwsSolutionsChecks(s().app).validateScope(s().stack);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('cdk-nag acknowledgements', () => {
  const acknowledged = (s: SynthesizedStage) =>
    s.stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          // aws-cdk-lib stores ids without a known prefix as `Annotation::<id>`; cdk-nag strips it
          .flatMap((m) =>
            Object.keys(m.data as object).map((id) => `${c.node.path} ${id.replace(/^annotation::/i, '')}`),
          ),
      )
      .sort();

  test(
    'only SMG4 on the Plane-issued secrets, APIG4 on the public routes, S1 on the payload bucket, IAM5 on ' +
      'its per-prefix grants and on GetRandomPassword',
    () => {
      const bucket = 'Resource::<PayloadsBucket1715615A.Arn>';
      expect(acknowledged(stages.dev)).toEqual([
        'PlaneApp-dev/Http/Api/GET--oauth--callback AwsSolutions-APIG4',
        'PlaneApp-dev/Http/Api/GET--oauth--setup AwsSolutions-APIG4',
        'PlaneApp-dev/Http/Api/POST--webhook AwsSolutions-APIG4',
        `PlaneApp-dev/Ingest/Role AwsSolutions-IAM5[${bucket}/large/*]`,
        `PlaneApp-dev/Ingest/Role AwsSolutions-IAM5[${bucket}/undelivered/*]`,
        'PlaneApp-dev/Payloads/Bucket AwsSolutions-S1',
        `PlaneApp-dev/Processor/Role AwsSolutions-IAM5[${bucket}/large/*]`,
        'PlaneApp-dev/Secrets/ClientSecret AwsSolutions-SMG4',
        'PlaneApp-dev/Secrets/WebhookSecret AwsSolutions-SMG4',
        `PlaneApp-dev/Sweeper/Role AwsSolutions-IAM5[${bucket}/large/*]`,
        `PlaneApp-dev/Sweeper/Role AwsSolutions-IAM5[${bucket}/undelivered/*]`,
        'PlaneApp-dev/WebhookPath/Segment1 AwsSolutions-IAM5[Resource::*]',
      ]);
    },
  );

  test('the table is the same in both stages apart from its removal policy', () => {
    const props = (s: SynthesizedStage) =>
      (s.template.toJSON().Resources[logicalId(s.stack.table.table)] as Resource).Properties;
    expect(props(stages.prod)).toEqual(props(stages.dev));
  });
});
