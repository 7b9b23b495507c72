import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

/** The repository root (this file is tools/bench/build-bundle.ts). */
export const ROOT = join(__dirname, '..', '..');

/** The Lambda entries the stack bundles, by function. */
export const LAMBDA_ENTRIES = {
  ingest: 'lambdas/handlers/ingest.ts',
  processor: 'lambdas/handlers/processor.ts',
  'oauth-setup': 'lambdas/handlers/oauth-setup.ts',
  'oauth-callback': 'lambdas/handlers/oauth-callback.ts',
} as const;

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
  /** Path of the written `index.js`. */
  readonly file: string;
  /** Size of `index.js` in bytes. */
  readonly bytes: number;
  /** Bytes each input contributes to the output (from esbuild's metafile). */
  readonly inputs: Readonly<Record<string, number>>;
}

/** Bundles `entry` (relative to the repository root) into `<outDir>/index.js`, like the stack does. */
export async function buildBundle(entry: string, outDir: string): Promise<BuiltBundle> {
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
  return { entry, file, bytes: statSync(file).size, inputs: inputBytes(result.metafile) };
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
