import { ConfigError } from '../../lambdas/core/errors';
import { loadRuntimeConfig } from '../../lambdas/core/runtime-config';

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadRuntimeConfig accepted the settings');
}

describe('loadRuntimeConfig', () => {
  it('names every missing or malformed setting at once', () => {
    const env = { PLANE_API_URL: 'api.plane.so', MAX_BODY_BYTES: '-1', QUEUE_URL: '  ' };
    expect(problemsOf(() => loadRuntimeConfig(env, ['queueUrl', 'webhookSecretArn']))).toEqual([
      'QUEUE_URL is not set',
      'WEBHOOK_SECRET_ARN is not set',
      'MAX_BODY_BYTES must be a positive integer, got "-1"',
      'PLANE_API_URL must be an http(s) URL, got "api.plane.so"',
    ]);
  });

  it('does not fail for a setting the function does not require', () => {
    const config = loadRuntimeConfig({ QUEUE_URL: 'https://sqs.example/q', WEBHOOK_SECRET_ARN: 'arn:w' }, [
      'queueUrl',
      'webhookSecretArn',
    ]);
    expect([config.tableName, config.planeClientId, config.queueUrl]).toEqual([
      undefined,
      undefined,
      'https://sqs.example/q',
    ]);
  });

  it('applies the documented defaults to settings that are not set', () => {
    const config = loadRuntimeConfig({});
    expect(config).toMatchObject({
      stage: 'local',
      serviceName: 'plane-app',
      metricsNamespace: 'PlaneApp',
      logLevel: 'info',
      maxBodyBytes: 4_694_016,
      planeApiUrl: 'https://api.plane.so',
      planeWebUrl: 'https://app.plane.so',
      agentRuns: false,
    });
  });

  it('reads values trimmed, the log level in either case, and agentRuns only from "true"', () => {
    const config = loadRuntimeConfig({
      TABLE_NAME: ' plane-app ',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      PLANE_AGENT_RUNS: 'true',
      PLANE_TIMEOUT_MS: '1500',
    });
    expect([config.tableName, config.logLevel, config.agentRuns, config.planeTimeoutMs]).toEqual([
      'plane-app',
      'debug',
      true,
      1500,
    ]);
  });

  it("takes the log level Lambda sets from the function's logging configuration over Powertools' variable", () => {
    const levels = ['DEBUG', 'TRACE', 'WARN', 'FATAL'].map(
      (level) => loadRuntimeConfig({ AWS_LAMBDA_LOG_LEVEL: level, POWERTOOLS_LOG_LEVEL: 'INFO' }).logLevel,
    );
    expect(levels).toEqual(['debug', 'debug', 'warn', 'error']);
  });
});
