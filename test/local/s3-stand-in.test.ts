import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3OverflowStore } from '../../lambdas/adapters/s3-payloads';
import { type S3StandIn, startS3 } from '../../lambdas/local/s3-stand-in';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';

// The sweeper lists kept webhooks a page at a time: with more kept than one page, S3 answers a
// truncated listing with a continuation token, which s3rver encrypts with single DES (refused by
// OpenSSL 3). Found by the soak: a long SQS outage left every later listing a 500.

let s3: S3StandIn;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3({ bucket: 'payloads' });
  client = new S3Client({ ...LOCAL_AWS, endpoint: s3.endpoint, forcePathStyle: true });
});

afterAll(async () => {
  client.destroy();
  await s3.close();
});

test('more kept webhooks than one listing page: the overflow store lists a page, and every key in turn', async () => {
  const store = createS3OverflowStore(client, 'payloads');
  const kept: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    const body = JSON.stringify({ event: 'issue', action: 'updated', data: { id: `item-${i}` } });
    const sha256 = createHash('sha256').update(body).digest('hex');
    await store.put({ body, attributes: { event: 'issue', dedupKey: `d-${i}` } }, sha256);
    kept.push(`undelivered/${sha256}`);
  }
  const firstPage = await store.list(3);
  expect(firstPage).toHaveLength(3);
  const seen: string[] = [];
  for (let page = await store.list(3); page.length > 0; page = await store.list(3)) {
    for (const key of page) {
      seen.push(key);
      await store.delete(key);
    }
  }
  expect(seen.sort()).toEqual(kept.sort());
});
