import { BucketPrefix } from './bucket-layout';
import { claimKey } from './claim-check';
import type { ClaimStore, OverflowStore } from './ports';
import type { QueuedEvent } from './queued-event';

/** Stand-ins for a bucket that is down: every call of a store made with `isDown` returning true fails. */
type IsDown = () => boolean;

const refuse = (isDown: IsDown | undefined) => {
  if (isDown?.()) throw new Error('the payload bucket is unavailable');
};

/** In-memory ClaimStore with the S3 one's content-addressed keys. */
export function createMemoryClaimStore(
  bucket = 'memory-payloads',
  isDown?: IsDown,
): ClaimStore & { readonly objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    async put(body, sha256) {
      refuse(isDown);
      objects.set(claimKey(sha256), body);
      return { bucket, key: claimKey(sha256) };
    },
    async get(claim) {
      refuse(isDown);
      const body = claim.bucket === bucket ? objects.get(claim.key) : undefined;
      if (body === undefined) throw new Error(`no claimed body ${claim.key} in ${claim.bucket}`);
      return Buffer.from(body, 'utf8');
    },
  };
}

/** In-memory OverflowStore with the S3 one's keys (`undelivered/<sha256>`), listed in key order. */
export function createMemoryOverflowStore(
  isDown?: IsDown,
): OverflowStore & { readonly kept: Map<string, QueuedEvent> } {
  const kept = new Map<string, QueuedEvent>();
  return {
    kept,
    async put(event, sha256) {
      refuse(isDown);
      kept.set(`${BucketPrefix.Undelivered}${sha256}`, { body: event.body, attributes: { ...event.attributes } });
    },
    async list(max) {
      refuse(isDown);
      return [...kept.keys()].sort().slice(0, max);
    },
    async get(key) {
      refuse(isDown);
      const event = kept.get(key);
      return event && { key, event };
    },
    async delete(key) {
      refuse(isDown);
      kept.delete(key);
    },
  };
}
