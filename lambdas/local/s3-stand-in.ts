import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { StandIn } from './stand-ins';

/** An S3 stand-in with the app's payload bucket. */
export interface S3StandIn extends StandIn {
  readonly bucket: string;
}

/**
 * Starts s3rver (S3's REST protocol, objects kept as files) with `bucket` created: in `directory`
 * when given (they then survive a restart), else in a temporary folder removed on close. The SDK
 * reaches it through `AWS_ENDPOINT_URL_S3` (an IP host makes it use path-style URLs).
 */
export async function startS3(options: { bucket: string; directory?: string; port?: number }): Promise<S3StandIn> {
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
