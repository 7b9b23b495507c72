import { Template } from 'aws-cdk-lib/assertions';
import { PlaneAppStack } from '../../lib/plane-app-stack';
import { loadStageConfig } from '../../lib/stage-config';
import {
  createTestApp,
  environmentOf,
  logicalId,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStage,
  synthStage,
} from './app-helper';

let dev: SynthesizedStage;
let agent: SynthesizedStage;
beforeAll(() => {
  dev = synthStage();
  agent = synthStage({ stage: 'agent', agentRuns: true });
}, SYNTH_TIMEOUT_MS);

const ingestEnv = (stage: SynthesizedStage) =>
  environmentOf(stage.template, logicalId(stage.stack.ingest.lambdaFunction));

test("the synth hands ingest the example agent's subscriptions for the stage's settings", () => {
  expect(ingestEnv(dev).EVENT_SUBSCRIPTIONS).toBe('["issue_comment.created"]');
  expect(ingestEnv(agent).EVENT_SUBSCRIPTIONS).toBe('["agent_run_create","agent_run_user_prompt"]');
});

test('only ingest gets them: the processor keeps its own check (its router)', () => {
  for (const fn of [dev.stack.processor, dev.stack.sweeper, dev.stack.oauthSetup, dev.stack.oauthCallback]) {
    expect(environmentOf(dev.template, logicalId(fn.lambdaFunction))).not.toHaveProperty('EVENT_SUBSCRIPTIONS');
  }
});

test(
  'a stack given no subscriptions leaves the setting out: ingest then queues every verified webhook',
  () => {
    const app = createTestApp({ context: { planeClientId: 'test-client-id', stage: 'bare' } });
    const stack = new PlaneAppStack(app, 'PlaneApp-bare', { config: loadStageConfig(app) });
    const template = Template.fromStack(stack);
    expect(environmentOf(template, logicalId(stack.ingest.lambdaFunction))).not.toHaveProperty('EVENT_SUBSCRIPTIONS');
    expect(template.findOutputs('EventSubscriptions')).toEqual({});
  },
  SYNTH_TIMEOUT_MS,
);

test("metric filters on ingest's log group publish WebhookAccepted from its lines, by Stage and by Reason", () => {
  const filters = dev.template.findResources('AWS::Logs::MetricFilter');
  const onIngest = Object.values(filters)
    .map((filter) => filter.Properties as Record<string, unknown>)
    .filter((properties) => JSON.stringify(properties.LogGroupName).includes(logicalId(dev.stack.ingest.logGroup)));
  expect(onIngest.map((properties) => [properties.FilterPattern, properties.MetricTransformations])).toEqual([
    [
      '{ ($.WebhookAccepted > 0) && ($.Stage = "*") }',
      [
        {
          MetricName: 'WebhookAccepted',
          MetricNamespace: 'PlaneApp',
          MetricValue: '$.WebhookAccepted',
          Dimensions: [{ Key: 'Stage', Value: '$.Stage' }],
        },
      ],
    ],
    [
      '{ ($.WebhookAccepted > 0) && ($.Stage = "*") && ($.Reason = "*") }',
      [
        {
          MetricName: 'WebhookAccepted',
          MetricNamespace: 'PlaneApp',
          MetricValue: '$.WebhookAccepted',
          Dimensions: [
            { Key: 'Stage', Value: '$.Stage' },
            { Key: 'Reason', Value: '$.Reason' },
          ],
        },
      ],
    ],
  ]);
});
