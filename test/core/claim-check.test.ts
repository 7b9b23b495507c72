import { claimKey, claimPointer, parseClaimPointer, readClaimedEvent, sha256Hex } from '../../lambdas/core/claim-check';
import { createMemoryClaimStore } from '../../lambdas/core/memory-payloads';

const body = '{"event": "issue", "workspace_id": "ws-1", "data": {"name": "Caf\\u00e9"}}';
const attributes = { event: 'issue', workspaceId: 'ws-1' };

describe('claim checks in the SQS Extended Client format', () => {
  it('writes the pointer exactly as the Extended Client does, and reads it back', () => {
    const pointer = claimPointer({ bucket: 'payloads', key: 'large/abc' });
    expect(pointer).toBe(
      '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"payloads","s3Key":"large/abc"}]',
    );
    expect(parseClaimPointer(pointer)).toEqual({ bucket: 'payloads', key: 'large/abc' });
  });

  it.each(['{"s3Key": "x"}', '["another.Pointer",{"s3BucketName":"b","s3Key":"k"}]', 'not json'])(
    'refuses a body that is not a pointer: %s',
    (text) => expect(() => parseClaimPointer(text)).toThrow('not a claim-check pointer'),
  );

  it('reads the claimed body back for an event with a payload size', async () => {
    const claims = createMemoryClaimStore('payloads');
    const claim = await claims.put(body, sha256Hex(body));
    const event = await readClaimedEvent(
      { body: claimPointer(claim), attributes, payloadSize: Buffer.byteLength(body) },
      async () => claims,
    );
    expect(event).toEqual({ body, attributes });
  });

  it('leaves an event without a payload size as it is, without asking for the store', async () => {
    const event = { body, attributes };
    const store = jest.fn();
    expect(await readClaimedEvent(event, store)).toBe(event);
    expect(store).not.toHaveBeenCalled();
  });

  it('refuses a claimed body whose hash is not its key, or whose size is not the message size', async () => {
    const claims = createMemoryClaimStore('payloads');
    const key = claimKey(sha256Hex(body));
    claims.objects.set(key, body.replace('ws-1', 'ws-2'));
    const pointer = claimPointer({ bucket: 'payloads', key });
    await expect(
      readClaimedEvent({ body: pointer, attributes, payloadSize: Buffer.byteLength(body) }, async () => claims),
    ).rejects.toThrow('does not match its hash');
    await expect(readClaimedEvent({ body: pointer, attributes, payloadSize: 3 }, async () => claims)).rejects.toThrow(
      'the message says 3',
    );
  });
});
