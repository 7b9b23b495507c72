import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { PlaneFunction } from '../../lib/plane-function';
import { environmentOf, logicalId, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from './app-helper';

let dev: SynthesizedStage;
beforeAll(() => {
  dev = synthStage();
}, SYNTH_TIMEOUT_MS);

const all = (s: SynthesizedStage): [string, PlaneFunction][] => [
  ['ingest', s.stack.ingest],
  ['processor', s.stack.processor],
  ['oauthSetup', s.stack.oauthSetup],
  ['oauthCallback', s.stack.oauthCallback],
];
const envOf = (fn: PlaneFunction) => environmentOf(dev.template, logicalId(fn.lambdaFunction));
const propsOf = (fn: PlaneFunction) =>
  (dev.template.toJSON().Resources[logicalId(fn.lambdaFunction)] as { Properties: Record<string, unknown> }).Properties;

describe('functions', () => {
  test("there are exactly six functions: the kit's five and the webhook path's generator", () => {
    dev.template.resourceCountIs('AWS::Lambda::Function', 6);
  });

  test.each(['ingest', 'processor', 'oauthSetup', 'oauthCallback'])('%s runs on arm64 with Node.js 24', (name) => {
    const entry = all(dev).find(([n]) => n === name);
    if (!entry) throw new Error(`the stack has no function ${name}`);
    expect(propsOf(entry[1])).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
    });
  });

  test('timeouts: ingest 10 s, processor 60 s, OAuth 15 s', () => {
    expect(all(dev).map(([, fn]) => propsOf(fn).Timeout)).toEqual([10, 60, 15, 15]);
  });

  test(
    'memory comes from the stage settings',
    () => {
      const custom = synthStage({ stages: { dev: { memoryMb: { ingest: 128, processor: 1024, oauth: 192 } } } });
      const memory = all(custom).map(
        ([, fn]) =>
          (custom.template.toJSON().Resources[logicalId(fn.lambdaFunction)] as { Properties: { MemorySize: number } })
            .Properties.MemorySize,
      );
      expect(memory).toEqual([128, 1024, 192, 192]);
    },
    SYNTH_TIMEOUT_MS,
  );

  test('no reserved concurrency', () => {
    dev.template.allResourcesProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  test('house environment on every function, no NODE_OPTIONS', () => {
    for (const [, fn] of all(dev)) {
      const env = envOf(fn);
      expect(env).toMatchObject({
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_SERVICE_NAME: 'plane-app',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        STAGE: 'dev',
        METRICS_NAMESPACE: 'PlaneApp',
      });
      expect(env).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  test("each function logs JSON to its own group, without Lambda's START/END/REPORT lines (dev: 14 days)", () => {
    for (const [, fn] of all(dev)) {
      expect(propsOf(fn).LoggingConfig).toEqual({
        LogGroup: { Ref: logicalId(fn.logGroup) },
        LogFormat: 'JSON',
        // INFO, as POWERTOOLS_LOG_LEVEL: EMF lines have no level and count as INFO.
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
      });
    }
    dev.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  test('no AWS managed policy: roles only get inline grants', () => {
    dev.template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('ingest env: queue URL, webhook secret ARN, body limit, subscriptions and payload bucket, nothing else', () => {
    expect(
      Object.keys(envOf(dev.stack.ingest)).filter((k) => !k.startsWith('POWERTOOLS') && !k.startsWith('AWS_')),
    ).toEqual([
      'METRICS_NAMESPACE',
      'STAGE',
      'QUEUE_URL',
      'WEBHOOK_SECRET_ARN',
      'MAX_BODY_BYTES',
      'EVENT_SUBSCRIPTIONS',
      'PAYLOAD_BUCKET',
    ]);
    // What Lambda's 6 MB payload holds of a base64-encoded body (lambdas/core/limits.ts).
    expect(envOf(dev.stack.ingest).MAX_BODY_BYTES).toBe('4694016');
  });

  test('sweeper env: queue URL and payload bucket; a 60 s timeout and no async retries', () => {
    expect(envOf(dev.stack.sweeper)).toMatchObject({
      QUEUE_URL: { Ref: logicalId(dev.stack.queues.queue) },
      PAYLOAD_BUCKET: { Ref: logicalId(dev.stack.payloads.bucket) },
    });
    expect(propsOf(dev.stack.sweeper).Timeout).toBe(60);
    dev.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(dev.stack.sweeper.lambdaFunction) },
      MaximumRetryAttempts: 0,
    });
  });

  test('processor env: table, client secret ARN, Plane API URL', () => {
    expect(envOf(dev.stack.processor)).toMatchObject({
      TABLE_NAME: { Ref: logicalId(dev.stack.table.table) },
      CLIENT_SECRET_ARN: { Ref: logicalId(dev.stack.secrets.clientSecret) },
      PLANE_API_URL: 'https://api.plane.so',
    });
  });

  test('setup env: table, client secret (for the client id), Plane API URL and the public base URL', () => {
    expect(envOf(dev.stack.oauthSetup)).toMatchObject({
      TABLE_NAME: { Ref: logicalId(dev.stack.table.table) },
      CLIENT_SECRET_ARN: { Ref: logicalId(dev.stack.secrets.clientSecret) },
      PLANE_API_URL: 'https://api.plane.so',
      PUBLIC_BASE_URL: { 'Fn::GetAtt': [logicalId(dev.stack.api.httpApi), 'ApiEndpoint'] },
    });
  });

  test('callback env: table, client secret, Plane URLs and the public base URL', () => {
    expect(envOf(dev.stack.oauthCallback)).toMatchObject({
      TABLE_NAME: { Ref: logicalId(dev.stack.table.table) },
      CLIENT_SECRET_ARN: { Ref: logicalId(dev.stack.secrets.clientSecret) },
      PLANE_API_URL: 'https://api.plane.so',
      PLANE_WEB_URL: 'https://app.plane.so',
      PUBLIC_BASE_URL: { 'Fn::GetAtt': [logicalId(dev.stack.api.httpApi), 'ApiEndpoint'] },
    });
  });

  test(
    'without planeClientId (the client id travels in the client secret): no PLANE_CLIENT_ID, no warning',
    () => {
      const none = synthStage({ planeClientId: '' });
      for (const [, fn] of all(none)) {
        expect(environmentOf(none.template, logicalId(fn.lambdaFunction))).not.toHaveProperty('PLANE_CLIENT_ID');
      }
      Annotations.fromStack(none.stack).hasNoWarning('*', Match.anyValue());
    },
    SYNTH_TIMEOUT_MS,
  );

  describe('with client id, scopes and success URL set', () => {
    let set: SynthesizedStage;
    beforeAll(() => {
      set = synthStage({
        planeClientId: 'client-123',
        stages: { dev: { scopes: 'read write', installSuccessUrl: 'https://example.com/{slug}' } },
      });
    }, SYNTH_TIMEOUT_MS);
    const env = (fn: PlaneFunction) => environmentOf(set.template, logicalId(fn.lambdaFunction));

    test('PLANE_CLIENT_ID goes to processor, setup and callback, not to ingest', () => {
      expect(all(set).map(([, fn]) => env(fn).PLANE_CLIENT_ID)).toEqual([
        undefined,
        'client-123',
        'client-123',
        'client-123',
      ]);
    });

    test('PLANE_SCOPES goes to setup only', () => {
      expect(all(set).map(([, fn]) => env(fn).PLANE_SCOPES)).toEqual([undefined, undefined, 'read write', undefined]);
    });

    test('INSTALL_SUCCESS_URL goes to callback only', () => {
      expect(all(set).map(([, fn]) => env(fn).INSTALL_SUCCESS_URL)).toEqual([
        undefined,
        undefined,
        undefined,
        'https://example.com/{slug}',
      ]);
    });

    test('no client id warning', () => {
      Annotations.fromStack(set.stack).hasNoWarning('*', Match.stringLikeRegexp('planeClientId'));
    });
  });
});
