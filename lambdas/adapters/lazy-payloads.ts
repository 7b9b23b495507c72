import type { ClaimStore, OverflowStore } from '../core/ports';

/** The payload bucket's stores, each asked for when first needed. */
export interface LazyPayloadStores {
  readonly claims: () => Promise<ClaimStore>;
  readonly overflow: () => Promise<OverflowStore>;
}

/**
 * The payload bucket's stores, with the S3 client loaded on first use only. Ingest needs them on
 * its rare paths (a large body, an SQS outage): the dynamic import lets the bundler put the S3
 * client in a chunk of its own (lib/split-bundle.ts), which a webhook that fits in a queue
 * message never loads, parses or evaluates.
 */
export function lazyPayloadStores(bucket: string): LazyPayloadStores {
  let loading: Promise<{ claims: ClaimStore; overflow: OverflowStore }> | undefined;
  const load = () => {
    loading ??= import('./s3-payloads.js').then((s3) => {
      const client = s3.createS3Client();
      return { claims: s3.createS3ClaimStore(client, bucket), overflow: s3.createS3OverflowStore(client, bucket) };
    });
    // A failed load is tried again by the next webhook rather than remembered.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  return { claims: async () => (await load()).claims, overflow: async () => (await load()).overflow };
}
