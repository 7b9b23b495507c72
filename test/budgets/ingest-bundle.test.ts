import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPLIT_BUNDLE_OPTIONS } from '../../lib/split-bundle';
import { INGEST_BUNDLE_BUDGET } from '../../tools/bench/budgets';
import {
  addedInputs,
  BASELINE_ENTRY,
  BUNDLE_OPTIONS,
  type BuiltBundle,
  buildBundle,
  LAMBDA_ENTRIES,
  ROOT,
} from '../../tools/bench/build-bundle';

// Builds the ingest bundle and the baseline (SQS + Secrets Manager only) exactly as `npm run bench`
// does, in about a second. Ingest is split in chunks (lib/split-bundle.ts): its size is what a cold
// start loads, the handler's file and its static imports; the S3 client of the rare paths (a large
// body, an SQS outage) is a chunk apart. Sizes only: load times are reported by the bench, never
// asserted here.
describe('ingest bundle budget', () => {
  let dir: string;
  let ingest: BuiltBundle;
  let baseline: BuiltBundle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-budget-'));
    [ingest, baseline] = await Promise.all([
      buildBundle(LAMBDA_ENTRIES.ingest, join(dir, 'ingest')),
      buildBundle(BASELINE_ENTRY, join(dir, 'baseline')),
    ]);
  }, 30_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const growth = () =>
    addedInputs(ingest, baseline)
      .map((add) => `${add.path} (${add.bytes} B)`)
      .join(', ');

  test('the ingest bundle is no bigger than its budget (tools/bench/budgets.ts)', () => {
    const { maxBytes } = INGEST_BUNDLE_BUDGET;
    if (ingest.bytes > maxBytes) {
      throw new Error(
        `the ingest bundle is ${ingest.bytes} B, ${ingest.bytes - maxBytes} B over its budget of ${maxBytes} B. ` +
          `Largest inputs it adds over the baseline: ${growth()}. Shrink it, or raise ` +
          `INGEST_BUNDLE_BUDGET on purpose with a new measurement from \`npm run bench\`.`,
      );
    }
    expect(ingest.bytes).toBeLessThanOrEqual(maxBytes);
  });

  test('the ingest bundle is at most 10 % bigger than a handler that only reads a secret and sends to SQS', () => {
    const limit = Math.floor(baseline.bytes * (1 + INGEST_BUNDLE_BUDGET.maxOverBaseline));
    if (ingest.bytes > limit) {
      throw new Error(
        `the ingest bundle is ${ingest.bytes} B, more than baseline ${baseline.bytes} B + ` +
          `${INGEST_BUNDLE_BUDGET.maxOverBaseline * 100} %. ` +
          `Largest inputs it adds: ${growth()}.`,
      );
    }
    expect(ingest.bytes).toBeLessThanOrEqual(limit);
  });

  test('is built for the same target as the stack bundles (lib/plane-function.ts)', () => {
    const stack = readFileSync(join(ROOT, 'lib', 'plane-function.ts'), 'utf8');
    expect(/BUNDLE_TARGET = '([^']+)'/.exec(stack)?.[1]).toBe(BUNDLE_OPTIONS.target);
    expect(SPLIT_BUNDLE_OPTIONS.target).toBe(BUNDLE_OPTIONS.target);
  });

  test('the S3 client is not on the common path: no file a cold start loads holds it', () => {
    const s3 = Object.keys(ingest.inputs).filter((path) => path.includes('@aws-sdk/client-s3/'));
    expect(s3).toEqual([]);
    expect(Object.keys(ingest.inputs)).toContain('lambdas/adapters/lazy-payloads.ts');
  });

  test('the S3 client and the payload stores load from one lazy chunk', () => {
    const s3Chunks = ingest.lazyChunks.filter((chunk) =>
      chunk.inputs.some((path) => path.includes('@aws-sdk/client-s3/')),
    );
    expect(s3Chunks).toHaveLength(1);
    expect(s3Chunks[0].inputs).toContain('lambdas/adapters/s3-payloads.ts');
  });
});
