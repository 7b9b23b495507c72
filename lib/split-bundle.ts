import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** The repository root: what the bundler resolves imports and node_modules from. */
const ROOT = path.join(__dirname, '..');

/** Lets the bundled CommonJS code (the AWS SDK's) call `require` for Node built-ins inside ES modules. */
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/**
 * esbuild settings of a split bundle: ES modules with code splitting, so each dynamic `import()`
 * becomes a chunk of its own that Node only reads, parses and evaluates when the import runs
 * (ingest's S3 client: adapters/lazy-payloads.ts). Otherwise as the other functions: minified, no
 * source map, the AWS SDK included, Node 20 as the target. `index.mjs` is the handler's file.
 */
export const SPLIT_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  sourcesContent: false,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: REQUIRE_SHIM },
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Bundles `entry` into `outDir` as a split bundle (index.mjs and its chunks); returns esbuild's metafile. */
export function buildSplitBundle(entry: string, outDir: string): { readonly metafile: Metafile } {
  const result = buildSync({
    ...SPLIT_BUNDLE_OPTIONS,
    entryPoints: [path.resolve(ROOT, entry)],
    absWorkingDir: ROOT,
    outdir: outDir,
    metafile: true,
  });
  if (!result.metafile) throw new Error(`esbuild wrote no metafile for ${entry}`);
  return { metafile: result.metafile };
}

/**
 * Lambda code from a split bundle of `entry`, built by the local esbuild at synth (no Docker). The
 * asset is hashed by its output, as NodejsFunction's are.
 */
export function splitBundleCode(entry: string): Code {
  return Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API, never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir) {
          buildSplitBundle(entry, outputDir);
          return true;
        },
      },
    },
  });
}
