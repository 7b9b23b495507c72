import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { PlaneFunction } from '../../lib/plane-function';
import { createTestApp, SYNTH_TIMEOUT_MS } from './app-helper';

// Really bundles the ingest function with the local esbuild (about 1-3 s here), in a stack of
// its own so the other functions are not bundled too; as the stack does, as ES modules split in
// chunks (lib/split-bundle.ts).
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
      splitChunks: true,
    });
    const outdir = app.synth().directory;
    // The stack's only asset is the function code: cdk.out/asset.<hash>/
    const assets = fs.readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    bundleDir = path.join(outdir, assets[0]);
    const chunks = fs.readdirSync(path.join(bundleDir, 'chunks')).map((name) => path.join(bundleDir, 'chunks', name));
    code = [path.join(bundleDir, 'index.mjs'), ...chunks].map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  }, SYNTH_TIMEOUT_MS);

  test('is index.mjs and its chunks, without a source map', () => {
    expect(fs.readdirSync(bundleDir).sort()).toEqual(['chunks', 'index.mjs']);
    expect(code).not.toContain('sourceMappingURL');
  });

  test('is minified', () => {
    const lines = code.split('\n');
    expect(code.length / lines.length).toBeGreaterThan(1_000);
  });

  test('includes the AWS SDK instead of requiring the runtime copy', () => {
    const imported = [...code.matchAll(/(?:require\(|from|import\()\s*"([^"./][^"]*)"/g)].map((m) => m[1]);
    const required = new Set(imported.map((name) => name.replace(/^node:/, '')));
    // signature-v4-crt is an optional require inside a try/catch of the SDK, unused by SQS and Secrets Manager
    const optional = '@aws-sdk/signature-v4-crt';
    const external = [...required].filter((name) => !builtinModules.includes(name) && name !== optional);
    expect(external).toEqual([]);
    expect(code).toContain('SendMessage');
  });

  test('stays small (under 1.5 MB)', () => {
    expect(Buffer.byteLength(code)).toBeLessThan(1_500_000);
  });

  test('loads on this Node.js (20) as an ES module and exports handler', () => {
    const script =
      "import(require('node:url').pathToFileURL(process.argv[1]).href)" +
      '.then((m) => process.stdout.write(typeof m.handler))';
    const out = execFileSync(process.execPath, ['-e', script, path.join(bundleDir, 'index.mjs')], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
        WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:w',
        PAYLOAD_BUCKET: 'payloads',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    expect(out).toBe('function');
  });
});

test(
  'the S3 chunk of the rare paths is a file apart, and loads on this Node.js (20)',
  () => {
    const app = createTestApp({ bundle: true });
    const stack = new Stack(app, 'BundleChunkTest');
    new PlaneFunction(stack, 'Ingest', {
      entry: path.join(__dirname, '..', '..', 'lambdas', 'handlers', 'ingest.ts'),
      stage: 'test',
      timeout: Duration.seconds(10),
      splitChunks: true,
    });
    const outdir = app.synth().directory;
    const [asset] = fs.readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    const chunks = path.join(outdir, asset, 'chunks');
    const s3 = fs.readdirSync(chunks).filter((name) => name.startsWith('s3-payloads-'));
    expect(s3).toHaveLength(1);
    expect(fs.readFileSync(path.join(outdir, asset, 'index.mjs'), 'utf8')).not.toContain('PutObjectCommand');
    const script =
      "import(require('node:url').pathToFileURL(process.argv[1]).href)" +
      '.then((m) => process.stdout.write(' +
      'Object.values(m).filter((v) => typeof v === "function").length > 0 ? "ok" : "none"))';
    const out = execFileSync(process.execPath, ['-e', script, path.join(chunks, s3[0])], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    });
    expect(out).toBe('ok');
  },
  SYNTH_TIMEOUT_MS,
);
