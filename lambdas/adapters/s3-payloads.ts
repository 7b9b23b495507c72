import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { BucketPrefix } from '../core/bucket-layout';
import { claimKey } from '../core/claim-check';
import { ValidationError } from '../core/errors';
import type { BodyClaim, ClaimStore, OverflowStore, UndeliveredEvent } from '../core/ports';
import type { QueuedEventAttributes } from '../core/queued-event';

/**
 * An S3 client for the webhook path, bounded like the SQS one (sqs-queue.ts): a few attempts, each
 * well inside the 30 s Plane waits. A 4.5 MB body needs more than SQS's 3 s on a slow link.
 */
export function createS3Client(): S3Client {
  return new S3Client({ maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 8000 } });
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Claim checks in the payload bucket, under `large/<sha256>`. Reads only from this bucket. */
export function createS3ClaimStore(client: S3Client, bucket: string): ClaimStore {
  return {
    async put(body, sha256) {
      const key = claimKey(sha256);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: JSON_TYPE }));
      return { bucket, key };
    },
    async get(claim: BodyClaim) {
      if (claim.bucket !== bucket)
        throw new ValidationError(`the claim check points at bucket ${claim.bucket}, not the app's ${bucket}`, {
          code: 'invalid_claim',
        });
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: claim.key }));
      if (!object.Body) throw new Error(`the claimed body ${claim.key} came back empty`);
      return object.Body.transformToByteArray();
    },
  };
}

/**
 * S3 user metadata names of the attributes (S3 lower-cases metadata names; values are ASCII here:
 * ingest lets only id characters into them, envelope.ts).
 */
const METADATA: Readonly<Record<keyof QueuedEventAttributes, string>> = {
  event: 'event',
  workspaceId: 'workspace-id',
  dedupKey: 'dedup-key',
  deliveryId: 'delivery-id',
};

function metadataOf(attributes: QueuedEventAttributes): Record<string, string> {
  return Object.fromEntries(
    Object.entries(METADATA).flatMap(([field, name]) => {
      const value = attributes[field as keyof QueuedEventAttributes];
      return value ? [[name, value]] : [];
    }),
  );
}

function attributesOfMetadata(metadata: Record<string, string>): QueuedEventAttributes {
  return Object.fromEntries(
    Object.entries(METADATA).flatMap(([field, name]) => (metadata[name] ? [[field, metadata[name]]] : [])),
  );
}

/**
 * Events the queue refused, one object each under `undelivered/<sha256>`: the raw body, with the
 * message's attributes as object metadata. The same body kept twice is one object.
 */
export function createS3OverflowStore(client: S3Client, bucket: string): OverflowStore {
  return {
    async put(event, sha256) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${BucketPrefix.Undelivered}${sha256}`,
          Body: event.body,
          ContentType: JSON_TYPE,
          Metadata: metadataOf(event.attributes),
        }),
      );
    },
    async list(max) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: BucketPrefix.Undelivered, MaxKeys: max }),
      );
      return (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
    },
    async get(key): Promise<UndeliveredEvent | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = (await object.Body?.transformToString('utf8')) ?? '';
        return { key, event: { body, attributes: attributesOfMetadata(object.Metadata ?? {}) } };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
