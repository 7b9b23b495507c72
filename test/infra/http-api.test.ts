import { Match } from 'aws-cdk-lib/assertions';
import { Routes } from '../../lambdas/core/routes';
import type { PlaneFunction } from '../../lib/plane-function';
import { generatorOf, logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

let dev: SynthesizedStage;
let apiId: string;
beforeAll(() => {
  dev = synthStage();
  apiId = logicalId(dev.stack.api.httpApi);
}, SYNTH_TIMEOUT_MS);

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = () => dev.template.toJSON().Resources as Record<string, Resource>;

/** Logical id of the function a route key's integration invokes. */
function targetOf(routeKey: string): string {
  const route = Object.values(resources()).find(
    (r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey,
  );
  if (!route) throw new Error(`no route ${routeKey}`);
  const integrationId = /"Ref":"(\w+)"/.exec(JSON.stringify(route.Properties.Target))?.[1] ?? '';
  const uri = resources()[integrationId].Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
  return uri['Fn::GetAtt'][0];
}

const fnId = (fn: PlaneFunction) => logicalId(fn.lambdaFunction);

describe('HTTP API', () => {
  test('an HTTP API (not REST) without CORS', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });

  test('exactly three routes', () => {
    dev.template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
  });

  test(`POST ${Routes.Webhook}/<random segment> → ingest; no route at ${Routes.Webhook} itself`, () => {
    const segment = { 'Fn::GetAtt': [logicalId(generatorOf(dev)), 'RandomPassword'] };
    const route = Object.values(resources()).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route' && JSON.stringify(r.Properties.RouteKey).includes(Routes.Webhook),
    );
    expect(route?.Properties.RouteKey).toEqual({ 'Fn::Join': ['', [`POST ${Routes.Webhook}/`, segment]] });
    const integrationId = /"Ref":"(\w+)"/.exec(JSON.stringify(route?.Properties.Target))?.[1] ?? '';
    const uri = resources()[integrationId].Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
    expect(uri['Fn::GetAtt'][0]).toBe(fnId(dev.stack.ingest));
    expect(() => targetOf(`POST ${Routes.Webhook}`)).toThrow('no route');
  });

  test(`GET ${Routes.OAuthSetup} → setup`, () => {
    expect(targetOf(`GET ${Routes.OAuthSetup}`)).toBe(fnId(dev.stack.oauthSetup));
  });

  test(`GET ${Routes.OAuthCallback} → callback`, () => {
    expect(targetOf(`GET ${Routes.OAuthCallback}`)).toBe(fnId(dev.stack.oauthCallback));
  });

  test('Lambda proxy integrations with payload format 2.0', () => {
    dev.template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  test('one stage: $default, auto-deployed', () => {
    dev.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: apiId },
      StageName: '$default',
      AutoDeploy: true,
    });
  });

  test('default route throttling from the stage settings (dev: 20/s, burst 40)', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  describe('access logs', () => {
    let settings: { DestinationArn: unknown; Format: string };
    beforeAll(() => {
      const stage = Object.values(resources()).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
      if (!stage) throw new Error('the template has no HTTP API stage');
      settings = stage.Properties.AccessLogSettings as typeof settings;
    });

    test('go to the API log group', () => {
      expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(dev.stack.api.accessLogGroup), 'Arn'] });
    });

    test('are one short line: request id, IP, status, quoted route key, latency', () => {
      expect(settings.Format).toBe(
        '$context.requestId $context.identity.sourceIp $context.status "$context.routeKey" ' +
          '$context.integrationLatency',
      );
    });

    test('never log the path or query string (the callback query carries the OAuth code)', () => {
      expect(settings.Format).not.toMatch(/querystring|\$context\.path|rawQuery|\$request/i);
    });
  });
});

describe('outputs', () => {
  const ids = [
    'AddToPlaneWebhookUrl',
    'AddToPlaneSetupUrl',
    'AddToPlaneRedirectUri',
    'DashboardUrl',
    'WebhookSecretArn',
    'ClientSecretArn',
    'QueueUrl',
    'DeadLetterQueueUrl',
    'TableName',
    'ProcessorLogGroupName',
    'PayloadBucketName',
    'AlarmTopicArn',
    'EventSubscriptions',
  ];

  test('the operator outputs exist under their exact ids', () => {
    expect(Object.keys(dev.template.findOutputs('*')).sort()).toEqual([...ids].sort());
  });

  test('AddToPlaneWebhookUrl is the API endpoint + /webhook/<random segment>', () => {
    const segment = { 'Fn::GetAtt': [logicalId(generatorOf(dev)), 'RandomPassword'] };
    dev.template.hasOutput('AddToPlaneWebhookUrl', {
      Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/webhook/', segment]] },
    });
  });

  test("the three URLs for Plane's form come first in the list `cdk deploy` prints (sorted by id)", () => {
    expect(Object.keys(dev.template.findOutputs('*')).sort().slice(0, 3)).toEqual([
      'AddToPlaneRedirectUri',
      'AddToPlaneSetupUrl',
      'AddToPlaneWebhookUrl',
    ]);
  });

  test("EventSubscriptions lists the example agent's events (npm run doctor picks its test event from it)", () => {
    dev.template.hasOutput('EventSubscriptions', { Value: '["issue_comment.created"]' });
  });

  test("ProcessorLogGroupName is the processor's log group (npm run doctor searches it)", () => {
    dev.template.hasOutput('ProcessorLogGroupName', { Value: { Ref: logicalId(dev.stack.processor.logGroup) } });
  });

  test.each([
    ['AddToPlaneSetupUrl', '/oauth/setup'],
    ['AddToPlaneRedirectUri', '/oauth/callback'],
  ])('%s is the API endpoint + %s', (id, suffix) => {
    dev.template.hasOutput(id, { Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, suffix]] } });
  });

  test('DashboardUrl opens the PlaneApp-<stage> dashboard', () => {
    expect(JSON.stringify(dev.template.findOutputs('DashboardUrl'))).toContain('#dashboards/dashboard/PlaneApp-dev');
  });

  test('secret outputs are ARNs, never values', () => {
    dev.template.hasOutput('WebhookSecretArn', { Value: { Ref: logicalId(dev.stack.secrets.webhookSecret) } });
    dev.template.hasOutput('ClientSecretArn', { Value: { Ref: logicalId(dev.stack.secrets.clientSecret) } });
  });
});
