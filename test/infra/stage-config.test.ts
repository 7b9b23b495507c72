import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { loadStageConfig, resolveStageConfig, StageConfigError, stackNameFor } from '../../lib/stage-config';
import { cdkJsonContext, createTestApp } from './app-helper';

const cdkStages = cdkJsonContext().stages;

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof StageConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a StageConfigError');
}

describe('stage settings', () => {
  test('cdk.json defines valid dev and prod stages', () => {
    expect(resolveStageConfig({ stage: 'dev', stages: cdkStages }).stage).toBe('dev');
    expect(resolveStageConfig({ stage: 'prod', stages: cdkStages }).stage).toBe('prod');
  });

  test('the stage defaults to dev', () => {
    expect(loadStageConfig(createTestApp()).stage).toBe('dev');
  });

  test('any stage name gets the documented defaults', () => {
    expect(resolveStageConfig({ stage: 'feature-42', stages: cdkStages })).toEqual({
      stage: 'feature-42',
      planeApiUrl: 'https://api.plane.so',
      planeWebUrl: 'https://app.plane.so',
      planeClientId: '',
      scopes: undefined,
      throttle: { rateLimit: 50, burstLimit: 100 },
      memoryMb: { ingest: 256, processor: 512, oauth: 256 },
      logRetention: RetentionDays.ONE_MONTH,
      alarmEmail: undefined,
      retainData: false,
      productionLike: false,
      silenceHours: 24,
      signatureRejectionThreshold: 20,
      installSuccessUrl: undefined,
      agentRuns: false,
      webhookPathVersion: 1,
    });
  });

  test('agentRuns sets PLANE_AGENT_RUNS for the example agent', () => {
    expect(resolveStageConfig({ stage: 'dev', stages: { dev: { agentRuns: true } } }).agentRuns).toBe(true);
  });

  test('prod is production-like and retains data by default', () => {
    const config = resolveStageConfig({ stage: 'prod', stages: {} });
    expect([config.productionLike, config.retainData]).toEqual([true, true]);
  });

  test('retainData can differ from productionLike', () => {
    const config = resolveStageConfig({ stage: 'qa', stages: { qa: { productionLike: true, retainData: false } } });
    expect([config.productionLike, config.retainData]).toEqual([true, false]);
  });

  test('single-run context overrides win over cdk.json', () => {
    const config = resolveStageConfig({
      stage: 'dev',
      stages: { dev: { planeClientId: 'from-file', scopes: 'read' } },
      overrides: { planeClientId: 'from-cli', alarmEmail: 'ops@example.com' },
    });
    expect([config.planeClientId, config.scopes, config.alarmEmail]).toEqual(['from-cli', 'read', 'ops@example.com']);
  });

  test('-c agentRuns=true turns agent runs on for one run, and -c agentRuns=false off', () => {
    const stages = { dev: { agentRuns: false }, prod: { agentRuns: true } };
    expect(resolveStageConfig({ stage: 'dev', stages, overrides: { agentRuns: 'true' } }).agentRuns).toBe(true);
    expect(resolveStageConfig({ stage: 'prod', stages, overrides: { agentRuns: 'false' } }).agentRuns).toBe(false);
  });

  test('-c agentRuns=yes is refused with the setting named', () => {
    expect(() => resolveStageConfig({ stage: 'dev', stages: {}, overrides: { agentRuns: 'yes' } })).toThrow(
      /context\.agentRuns \(-c agentRuns=\.\.\.\)/,
    );
  });

  test('URLs lose their trailing slash', () => {
    const config = resolveStageConfig({ stage: 'dev', stages: { dev: { planeApiUrl: 'https://plane.example.com/' } } });
    expect(config.planeApiUrl).toBe('https://plane.example.com');
  });

  test('stack names are PlaneApp-<stage>', () => {
    expect(stackNameFor('prod')).toBe('PlaneApp-prod');
  });

  test('a bad file lists every problem at once, each with its cdk.json path', () => {
    const problems = problemsOf(() =>
      resolveStageConfig({
        stage: 'dev',
        stages: {
          dev: {
            planeApiUrl: 'not a url',
            planeWebUrl: 'http://app.plane.so',
            planeClientId: 42,
            throttle: { rateLimit: -1, burstLimit: 1.5 },
            memoryMb: { ingest: 64 },
            logRetentionDays: 10,
            alarmEmail: 'nobody',
            retainData: 'yes',
            silenceHours: 0,
            colour: 'blue',
          },
          prod: { memoryMb: { procesor: 512 } },
        },
      }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'context.stages.dev.planeApiUrl',
      'context.stages.dev.planeWebUrl',
      'context.stages.dev.planeClientId',
      'context.stages.dev.throttle.rateLimit',
      'context.stages.dev.throttle.burstLimit',
      'context.stages.dev.memoryMb.ingest',
      'context.stages.dev.logRetentionDays',
      'context.stages.dev.alarmEmail',
      'context.stages.dev.retainData',
      'context.stages.dev.silenceHours',
      'context.stages.dev.colour',
      'context.stages.prod.memoryMb.procesor',
    ]);
  });

  test('the error message shows every problem', () => {
    expect(() => resolveStageConfig({ stage: 'dev', stages: { dev: { silenceHours: -1, colour: 1 } } })).toThrow(
      /2 problems[\s\S]*silenceHours[\s\S]*colour: unknown setting/,
    );
  });

  test('a stage name that cannot be a stack name is rejected, with bad overrides too', () => {
    const problems = problemsOf(() =>
      resolveStageConfig({ stage: 'my stage', stages: { bad_name: {} }, overrides: { alarmEmail: 'x' } }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'context.stage (-c stage=NAME)',
      'context.stages.bad_name',
      'context.alarmEmail (-c alarmEmail=...)',
    ]);
  });

  test('stages that is not an object is rejected', () => {
    expect(problemsOf(() => resolveStageConfig({ stage: 'dev', stages: ['dev'] }))).toHaveLength(1);
  });

  test('bin/app.ts exits with the problem list instead of a stack trace', async () => {
    const root = path.join(__dirname, '..', '..');
    const context = { ...cdkJsonContext(), stages: { dev: { memoryMb: { ingest: 1 } } } };
    const run = promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/app.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          CDK_CONTEXT_JSON: JSON.stringify(context),
          CDK_OUTDIR: path.join(os.tmpdir(), 'plane-app-bad-config'),
        },
      },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('context.stages.dev.memoryMb.ingest'),
    });
  });
});
