import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BucketPrefix } from '../../lambdas/core/bucket-layout';
import type { LocalApp } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';

/** Webhooks still kept in the payload bucket for the sweeper (`undelivered/`): none once it caught up. */
export async function keptCount(app: LocalApp): Promise<number> {
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: app.s3.endpoint });
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: app.s3.bucket, Prefix: BucketPrefix.Undelivered }));
    return listed.KeyCount ?? 0;
  } finally {
    s3.destroy();
  }
}
