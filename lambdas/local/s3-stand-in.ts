import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { StandIn } from './stand-ins';

/** An S3 stand-in with the app's payload bucket. */
export interface S3StandIn extends StandIn {
  readonly bucket: string;
}

type CipherFactory = typeof crypto.createCipheriv;

/**
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with single DES
 * (lib/controllers/bucket.js `generateContinuationToken`, `crypto.createCipheriv('des', …)`), which
 * OpenSSL 3 (Node 17 and later) refuses: every listing with more keys than `MaxKeys` answers 500
 * InternalError, so the sweeper could never list a bucket holding over 500 kept webhooks. Triple
 * DES with the same key three times is single DES, and OpenSSL 3 still has it: calls for `des`, and
 * only those, go to `des-ede3-cbc` with the key repeated. Nothing else in the process uses DES.
 */
function allowS3rverContinuationTokens(): void {
  const patched = Symbol.for('plane-app-kit.s3rver-des');
  const target = crypto as unknown as Record<symbol, boolean> & {
    createCipheriv: CipherFactory;
    createDecipheriv: typeof crypto.createDecipheriv;
  };
  if (target[patched]) return;
  target[patched] = true;
  const tripled = (key: crypto.CipherKey) =>
    Buffer.concat([Buffer.from(key as Buffer), Buffer.from(key as Buffer), Buffer.from(key as Buffer)]);
  const cipher = target.createCipheriv;
  const decipher = target.createDecipheriv;
  target.createCipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, options?: never) =>
    algorithm === 'des'
      ? cipher('des-ede3-cbc', tripled(key), iv)
      : cipher(algorithm, key, iv, options)) as CipherFactory;
  target.createDecipheriv = ((
    algorithm: string,
    key: crypto.CipherKey,
    iv: crypto.BinaryLike | null,
    options?: never,
  ) =>
    algorithm === 'des'
      ? decipher('des-ede3-cbc', tripled(key), iv)
      : decipher(algorithm, key, iv, options)) as typeof crypto.createDecipheriv;
}

/**
 * Starts s3rver (S3's REST protocol, objects kept as files) with `bucket` created: in `directory`
 * when given (they then survive a restart), else in a temporary folder removed on close. The SDK
 * reaches it through `AWS_ENDPOINT_URL_S3` (an IP host makes it use path-style URLs).
 */
export async function startS3(options: { bucket: string; directory?: string; port?: number }): Promise<S3StandIn> {
  allowS3rverContinuationTokens();
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'plane-app-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: options.bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: options.bucket,
    async close() {
      // The SDK keeps connections alive; close waits for every one of them otherwise.
      server.httpServer?.closeAllConnections();
      await server.close();
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
