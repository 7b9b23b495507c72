import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { PlaneFunction } from '../../lib/plane-function';
import { createTestApp, SYNTH_TIMEOUT_MS } from './app-helper';

// Really bundles the ingest function with the local esbuild (about 1-3 s here), in a stack of
// its own so the other three functions are not bundled too.
describe('ingest bundle', () => {
  let bundleDir: string;
  let code: string;
  beforeAll(() => {
    const app = createTestApp({ bundle: true });
    const stack = new Stack(app, 'BundleTest');
    new PlaneFunction(stack, 'Ingest', {
      entry: path.join(__dirname, '..', '..', 'lambdas', 'handlers', 'ingest.ts'),
      stage: 'test',
      timeout: Duration.seconds(10),
    });
    const outdir = app.synth().directory;
    // The stack's only asset is the function code: cdk.out/asset.<hash>/
    const assets = fs.readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    bundleDir = path.join(outdir, assets[0]);
    code = fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
  }, SYNTH_TIMEOUT_MS);

  test('is a single index.js without a source map', () => {
    expect(fs.readdirSync(bundleDir)).toEqual(['index.js']);
    expect(code).not.toContain('sourceMappingURL');
  });

  test('is minified', () => {
    const lines = code.split('\n');
    expect(code.length / lines.length).toBeGreaterThan(1_000);
  });

  test('includes the AWS SDK instead of requiring the runtime copy', () => {
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1].replace(/^node:/, '')));
    // signature-v4-crt is an optional require inside a try/catch of the SDK, unused by SQS and Secrets Manager
    const optional = '@aws-sdk/signature-v4-crt';
    const external = [...required].filter((name) => !builtinModules.includes(name) && name !== optional);
    expect(external).toEqual([]);
    expect(code).toContain('SendMessage');
  });

  test('stays small (under 1.5 MB)', () => {
    expect(Buffer.byteLength(code)).toBeLessThan(1_500_000);
  });

  test('loads on this Node.js (20) as CommonJS and exports handler', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', path.join(bundleDir, 'index.js')],
      {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
          WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:w',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        encoding: 'utf8',
      },
    );
    expect(out).toBe('function');
  });
});
