/**
 * The S3 adapters against a recording stand-in for the S3 client: S3 has no local engine here, so
 * the client is replaced at its edge (`send`), and the tests check the requests the adapters make
 * and how they read S3's answers.
 */
import { NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { FileBucket } from '../../../functions/adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX, RawMailBucket } from '../../../functions/adapters/s3/raw-mail-bucket.ts';

type Sent = { command: string; input: Record<string, any> };

function fakeS3(answer: (sent: Sent) => unknown = () => ({})): { s3: S3Client; sent: Sent[] } {
  const sent: Sent[] = [];
  const s3 = {
    send: async (command: { constructor: { name: string }; input: Record<string, any> }) => {
      const call = { command: command.constructor.name, input: command.input };
      sent.push(call);
      return answer(call);
    },
  } as unknown as S3Client;
  return { s3, sent };
}

const missing = () => {
  throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
};

describe('RawMailBucket (S3 client replaced at its edge)', () => {
  it('reads a message, and reads a missing one as null', async () => {
    const { s3 } = fakeS3((call) => (call.input.Key === 'inbound/there' ? { Body: { transformToByteArray: async () => Buffer.from('raw') } } : missing()));
    const bucket = new RawMailBucket(s3, 'b', INBOUND_PREFIX);
    expect((await bucket.find('there'))?.toString()).toBe('raw');
    expect(await bucket.find('gone')).toBeNull();
    await expect(bucket.get('gone')).rejects.toThrow(/not in the bucket/);
  });

  it('files a message under its store with a tag, or under _none', async () => {
    const { s3, sent } = fakeS3();
    const bucket = new RawMailBucket(s3, 'b', INBOUND_PREFIX);
    await bucket.label('m1', 'northwind');
    await bucket.label('m2', null);
    expect(sent.map((s) => [s.command, s.input.Key, s.input.Tagging.TagSet])).toEqual([
      ['PutObjectTaggingCommand', 'inbound/m1', [{ Key: 'followup-store', Value: 'northwind' }]],
      ['PutObjectTaggingCommand', 'inbound/m2', [{ Key: 'followup-store', Value: '_none' }]],
    ]);
  });

  it('takes a message erased meanwhile as filed', async () => {
    const { s3 } = fakeS3(missing);
    await expect(new RawMailBucket(s3, 'b', INBOUND_PREFIX).label('m1', 'northwind')).resolves.toBeUndefined();
  });

  it('erases in batches of 1,000 keys, and fails when S3 reports a key it could not delete', async () => {
    const { s3, sent } = fakeS3();
    await new RawMailBucket(s3, 'b', INBOUND_PREFIX).erase(Array.from({ length: 2500 }, (_, i) => `m${i}`));
    expect(sent.map((s) => s.input.Delete.Objects.length)).toEqual([1000, 1000, 500]);
    expect(sent[0]!.input.Delete.Objects[0]).toEqual({ Key: 'inbound/m0' });

    const { s3: failing } = fakeS3(() => ({ Errors: [{ Key: 'inbound/m0', Code: 'AccessDenied' }] }));
    await expect(new RawMailBucket(failing, 'b', INBOUND_PREFIX).erase(['m0'])).rejects.toThrow(/AccessDenied/);
  });
});

describe('FileBucket (S3 client replaced at its edge)', () => {
  it('puts with the content type, reads missing as null, deletes by key', async () => {
    const { s3, sent } = fakeS3((call) => (call.command === 'GetObjectCommand' ? missing() : {}));
    const files = new FileBucket(s3, 'b');
    await files.put('exports/northwind/k.json', Buffer.from('{}'), 'application/json');
    expect(await files.get('exports/northwind/k.json')).toBeNull();
    await files.delete(['payloads/northwind/shopify/1/a.json']);
    expect(sent.map((s) => s.command)).toEqual(['PutObjectCommand', 'GetObjectCommand', 'DeleteObjectsCommand']);
    expect(sent[0]!.input).toMatchObject({ Bucket: 'b', Key: 'exports/northwind/k.json', ContentType: 'application/json' });
  });
});
