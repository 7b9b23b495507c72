import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INGEST_BUNDLE_BUDGET } from './budgets';
import { addedInputs, BASELINE_ENTRY, type BuiltBundle, buildBundle, LAMBDA_ENTRIES } from './build-bundle';
import { median, minimum, progress, round } from './stats';

/** Fresh processes per bundle for the load time. */
const LOAD_RUNS = 10;

/** What a Lambda's environment holds, so each bundle's module-scope composition runs for real. */
export const FUNCTION_ENV: Readonly<Record<string, string>> = {
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/plane-app-events',
  PAYLOAD_BUCKET: 'plane-app-payloads',
  WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook',
  CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:client',
  TABLE_NAME: 'plane-app',
  PLANE_CLIENT_ID: 'bench-client-id',
  STAGE: 'bench',
  POWERTOOLS_SERVICE_NAME: 'plane-app',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  METRICS_NAMESPACE: 'PlaneApp',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// Times only the load (file read, compile, module-scope composition), not Node's own start: require()
// for a CommonJS bundle, import() for a split one (ES modules).
const LOAD_SCRIPT =
  'const t=process.hrtime.bigint();require(process.argv[1]);' +
  'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
const IMPORT_SCRIPT =
  "const u=require('node:url');const t=process.hrtime.bigint();import(u.pathToFileURL(process.argv[1]).href)" +
  '.then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))';
// A rare path's first call: the handler's file is loaded, then the lazy chunk's import is timed.
const LAZY_SCRIPT =
  "const u=require('node:url');import(u.pathToFileURL(process.argv[1]).href).then(async()=>{" +
  'const t=process.hrtime.bigint();await import(u.pathToFileURL(process.argv[2]).href);' +
  'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))})';

interface BundleFigures {
  readonly name: string;
  readonly bytes: number;
  readonly loadMedianMs: number;
  readonly loadMinMs: number;
  /** A split bundle's lazy chunks: bytes beyond the common path and the median time of their first import. */
  readonly lazy?: { readonly bytes: number; readonly loadMedianMs: number };
}

export interface BundleResults {
  readonly bundles: BundleFigures[];
  readonly ingest: BundleFigures;
  readonly baseline: BundleFigures;
  /** ingest / baseline - 1. */
  readonly sizeOverBaseline: number;
  readonly loadOverBaseline: number;
  readonly budget: { maxBytes: number; maxOverBaseline: number; sizeOk: boolean; ratioOk: boolean; loadOk: boolean };
  /** The largest inputs the ingest bundle has that the baseline has not. */
  readonly ingestAdds: Array<{ path: string; bytes: number }>;
}

function loadOnce(file: string, lazyChunk?: string): number {
  const script = lazyChunk ? LAZY_SCRIPT : file.endsWith('.mjs') ? IMPORT_SCRIPT : LOAD_SCRIPT;
  const out = execFileSync(process.execPath, ['-e', script, file, ...(lazyChunk ? [lazyChunk] : [])], {
    env: { PATH: process.env.PATH ?? '', ...FUNCTION_ENV },
    encoding: 'utf8',
  });
  return Number(out);
}

/** Section 1: builds every Lambda entry and the baseline, then times `require` in fresh processes. */
export async function benchBundles(): Promise<BundleResults> {
  const dir = mkdtempSync(join(tmpdir(), 'plane-bench-bundles-'));
  try {
    const entries: Array<[string, string]> = [...Object.entries(LAMBDA_ENTRIES), ['baseline', BASELINE_ENTRY]];
    const built = new Map<string, BuiltBundle>();
    for (const [name, entry] of entries) built.set(name, await buildBundle(entry, join(dir, name)));
    progress(`built ${entries.length} bundles; timing require() ${LOAD_RUNS}x each`);
    const loads = new Map<string, number[]>(entries.map(([name]) => [name, []]));
    const lazyLoads = new Map<string, number[]>(entries.map(([name]) => [name, []]));
    // Round-robin, so a noisy moment hits every bundle alike.
    for (let run = 0; run < LOAD_RUNS; run += 1) {
      for (const [name] of entries) {
        const bundle = built.get(name);
        loads.get(name)?.push(loadOnce(bundle?.file ?? name));
        // The S3 chunk of ingest's rare paths (the largest lazy chunk).
        const [lazy] = [...(bundle?.lazyChunks ?? [])].sort((a, b) => b.bytes - a.bytes);
        if (bundle && lazy) lazyLoads.get(name)?.push(loadOnce(bundle.file, lazy.file));
      }
    }
    const figures = entries.map(([name]): BundleFigures => {
      const times = loads.get(name) ?? [];
      const lazyTimes = lazyLoads.get(name) ?? [];
      const lazyBytes = [...(built.get(name)?.lazyChunks ?? [])].sort((a, b) => b.bytes - a.bytes)[0]?.bytes;
      return {
        name,
        bytes: built.get(name)?.bytes ?? 0,
        loadMedianMs: round(median(times)),
        loadMinMs: round(minimum(times)),
        ...(lazyBytes && lazyTimes.length
          ? { lazy: { bytes: lazyBytes, loadMedianMs: round(median(lazyTimes)) } }
          : {}),
      };
    });
    const figure = (name: string): BundleFigures => {
      const found = figures.find((item) => item.name === name);
      if (!found) throw new Error(`no ${name} bundle was measured`);
      return found;
    };
    const bundle = (name: string): BuiltBundle => {
      const found = built.get(name);
      if (!found) throw new Error(`no ${name} bundle was built`);
      return found;
    };
    const ingest = figure('ingest');
    const baseline = figure('baseline');
    const sizeOverBaseline = ingest.bytes / baseline.bytes - 1;
    const loadOverBaseline = ingest.loadMedianMs / baseline.loadMedianMs - 1;
    const { maxBytes, maxOverBaseline } = INGEST_BUNDLE_BUDGET;
    return {
      bundles: figures,
      ingest,
      baseline,
      sizeOverBaseline,
      loadOverBaseline,
      budget: {
        maxBytes,
        maxOverBaseline,
        sizeOk: ingest.bytes <= maxBytes,
        ratioOk: sizeOverBaseline <= maxOverBaseline,
        loadOk: loadOverBaseline <= maxOverBaseline,
      },
      ingestAdds: addedInputs(bundle('ingest'), bundle('baseline')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
