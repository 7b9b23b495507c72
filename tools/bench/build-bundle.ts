import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { buildSplitBundle } from '../../lib/split-bundle';

/** The repository root (this file is tools/bench/build-bundle.ts). */
export const ROOT = join(__dirname, '..', '..');

/** The Lambda entries the stack bundles, by function. */
export const LAMBDA_ENTRIES = {
  ingest: 'lambdas/handlers/ingest.ts',
  processor: 'lambdas/handlers/processor.ts',
  'oauth-setup': 'lambdas/handlers/oauth-setup.ts',
  'oauth-callback': 'lambdas/handlers/oauth-callback.ts',
} as const;

/** The entries the stack bundles as ES modules split in chunks (lib/plane-app-stack.ts `splitChunks`). */
const SPLIT_ENTRIES: ReadonlySet<string> = new Set([LAMBDA_ENTRIES.ingest]);

/** The yardstick: a handler that only reads one secret and sends one SQS message. */
export const BASELINE_ENTRY = 'tools/bench/baseline-handler.ts';

/**
 * esbuild settings equal to what `lib/plane-function.ts` asks NodejsFunction for: `--bundle
 * --platform=node --format=cjs --target=node20 --minify --sources-content=false`, no source map,
 * and no `--external` (bundleAwsSDK: true). The budget test checks the target against the stack.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  sourcesContent: false,
  external: [],
} as const;

export interface BuiltBundle {
  readonly entry: string;
  /** Path of the handler's file: `index.js`, or `index.mjs` for a split bundle. */
  readonly file: string;
  /** Bytes a cold start loads: the handler's file and the chunks it imports statically. */
  readonly bytes: number;
  /** Bytes each input contributes to those files (from esbuild's metafile). */
  readonly inputs: Readonly<Record<string, number>>;
  /** A split bundle's chunks that load only when a dynamic `import()` runs (absolute paths). */
  readonly lazyChunks: readonly LazyChunk[];
}

/** A chunk of a split bundle that loads on a dynamic import, with the chunks it needs beyond the common path. */
interface LazyChunk {
  readonly file: string;
  /** Its bytes plus those of the chunks it adds to what the handler's file already loaded. */
  readonly bytes: number;
  readonly inputs: readonly string[];
}

/** Bundles `entry` (relative to the repository root) like the stack does: into `<outDir>/index.js` or split. */
export async function buildBundle(entry: string, outDir: string): Promise<BuiltBundle> {
  if (SPLIT_ENTRIES.has(entry)) return splitBundle(entry, outDir);
  const file = join(outDir, 'index.js');
  const result = await build({
    ...BUNDLE_OPTIONS,
    external: [...BUNDLE_OPTIONS.external],
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  return { entry, file, bytes: statSync(file).size, inputs: inputBytes(result.metafile), lazyChunks: [] };
}

/** Output files reachable from `start` through imports of the given kinds (paths as in the metafile). */
function closure(metafile: Metafile, start: string, kinds: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const item of metafile.outputs[file]?.imports ?? [])
      if (kinds.has(item.kind) && !item.external) visit(item.path);
  };
  visit(start);
  return seen;
}

const STATIC = new Set(['import-statement']);

function splitBundle(entry: string, outDir: string): BuiltBundle {
  const { metafile } = buildSplitBundle(entry, outDir);
  const index = relative(ROOT, join(outDir, 'index.mjs'));
  const common = closure(metafile, index, STATIC);
  const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + metafile.outputs[file].bytes, 0);
  const lazyChunks = metafile.outputs[index].imports
    .filter((item) => item.kind === 'dynamic-import')
    .map((item): LazyChunk => {
      const added = [...closure(metafile, item.path, STATIC)].filter((file) => !common.has(file));
      return {
        file: join(ROOT, item.path),
        bytes: sum(added),
        inputs: added.flatMap((file) => Object.keys(metafile.outputs[file].inputs)),
      };
    });
  const inputs: Record<string, number> = {};
  for (const file of common)
    for (const [path, input] of Object.entries(metafile.outputs[file].inputs))
      inputs[path] = (inputs[path] ?? 0) + input.bytesInOutput;
  return { entry, file: join(ROOT, index), bytes: sum(common), inputs, lazyChunks };
}

function inputBytes(metafile: Metafile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) out[path] = (out[path] ?? 0) + input.bytesInOutput;
  }
  return out;
}

/** The inputs `bundle` holds that `base` does not, largest first: what a bundle adds over the baseline. */
export function addedInputs(bundle: BuiltBundle, base: BuiltBundle, top = 5): Array<{ path: string; bytes: number }> {
  return Object.entries(bundle.inputs)
    .filter(([path]) => !(path in base.inputs))
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}
