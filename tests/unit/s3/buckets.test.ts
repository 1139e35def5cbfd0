/**
 * The S3 adapters over the wire: raw mail and files through {@link S3Objects} against the local
 * runtime's S3 stand-in (functions/local/aws-edge.ts), whose bucket here is a map. What S3 itself
 * would answer that the stand-in never does (keys it could not delete, a throttle, an error
 * document behind a 200) comes from a handler in place of the network, said so at each test.
 */
import { HttpResponse } from '@smithy/core/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBucket } from '../../../functions/adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX, RawMailBucket } from '../../../functions/adapters/s3/raw-mail-bucket.ts';
import { S3Objects, type RequestHandler } from '../../../functions/adapters/s3/s3-objects.ts';
import { AwsEdge } from '../../../functions/local/aws-edge.ts';

const BUCKET = 'followup-inbound';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const objects = new Map<string, Buffer>();
const tags = new Map<string, Record<string, string>>();
const deleteCalls: string[][] = [];
const edge = new AwsEdge({
  queues: {},
  secret: () => undefined,
  buckets: {
    [BUCKET]: {
      get: async (key) => objects.get(key) ?? null,
      put: async (key, body) => void objects.set(key, body),
      delete: async (keys) => {
        deleteCalls.push(keys);
        for (const key of keys) objects.delete(key);
      },
      tag: async (key, set) => objects.has(key) && Boolean(tags.set(key, set)),
    },
  },
});

beforeAll(() => edge.start());
afterAll(() => edge.stop());

const s3 = () => new S3Objects({ region: 'us-east-1', endpoint: edge.url, credentials: CREDENTIALS });

/** Answers every request with the given status and XML, and counts them (S3's own answers, not the stand-in's). */
function answering(status: number, xml: string): { handler: RequestHandler; sent: number } {
  const counter = { sent: 0, handler: undefined as unknown as RequestHandler };
  counter.handler = {
    handle: async () => {
      counter.sent += 1;
      return { response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) }) };
    },
  };
  return counter;
}

describe('RawMailBucket against the local S3 stand-in', () => {
  it('reads a message, and reads a missing one as null', async () => {
    objects.set('inbound/there', Buffer.from('raw mail'));
    const bucket = new RawMailBucket(s3(), BUCKET, INBOUND_PREFIX);
    expect((await bucket.find('there'))?.toString()).toBe('raw mail');
    expect(await bucket.find('gone')).toBeNull();
    await expect(bucket.get('gone')).rejects.toThrow(/not in the bucket/);
  });

  it('files a message under its store with a tag, or under _none; a message erased meanwhile counts as filed', async () => {
    objects.set('inbound/m1', Buffer.from('a'));
    objects.set('inbound/m2', Buffer.from('b'));
    const bucket = new RawMailBucket(s3(), BUCKET, INBOUND_PREFIX);
    await bucket.label('m1', 'northwind');
    await bucket.label('m2', null);
    expect(tags.get('inbound/m1')).toEqual({ 'followup-store': 'northwind' });
    expect(tags.get('inbound/m2')).toEqual({ 'followup-store': '_none' });
    await expect(bucket.label('never-there', 'northwind')).resolves.toBeUndefined();
  });

  it('erases in batches of 1,000 keys, awkward ones too', async () => {
    const ids = [...Array.from({ length: 2497 }, (_, i) => `m${i}`), 'a&b<c>', 'spaced out+plus', 'ünï😀'];
    for (const id of ids) objects.set(`inbound/${id}`, Buffer.from(id));
    deleteCalls.length = 0;
    await new RawMailBucket(s3(), BUCKET, INBOUND_PREFIX).erase(ids);
    expect(deleteCalls.map((keys) => keys.length)).toEqual([1000, 1000, 500]);
    expect(deleteCalls.at(-1)!.slice(-3)).toEqual(['inbound/a&b<c>', 'inbound/spaced out+plus', 'inbound/ünï😀']);
    expect(ids.filter((id) => objects.has(`inbound/${id}`))).toEqual([]);
  });

  it('fails an erasure when S3 reports a key it could not delete, naming its code (S3\'s answer stood in)', async () => {
    const s3Answer = answering(200, '<?xml version="1.0" encoding="UTF-8"?><DeleteResult><Error><Key>inbound/m0</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
    const failing = new S3Objects({ region: 'us-east-1', credentials: CREDENTIALS, requestHandler: s3Answer.handler });
    await expect(new RawMailBucket(failing, BUCKET, INBOUND_PREFIX).erase(['m0'])).rejects.toThrow('1 objects could not be deleted: AccessDenied');
  });
});

describe('FileBucket against the local S3 stand-in', () => {
  it('keeps a file under an awkward key (large enough to wait for S3\'s go-ahead) and reads it back whole; a missing one is null; deletes by key', async () => {
    const files = new FileBucket(s3(), BUCKET);
    const key = "exports/northwind/a b+c#d?e%f!'()*/ünï 😀.json";
    const body = Buffer.from(JSON.stringify({ customer: 'Zoë', note: 'x'.repeat(3_000_000) }));
    await files.put(key, body, 'application/json');
    expect(objects.get(key)?.equals(body)).toBe(true);
    expect((await files.get(key))?.equals(body)).toBe(true);
    expect(await files.get('exports/northwind/none.json')).toBeNull();
    await files.delete([key]);
    expect(objects.has(key)).toBe(false);
  });
});

describe("S3's errors", () => {
  it('throws any other error named by its code, as the SDK names it (S3\'s answers stood in)', async () => {
    const denied = answering(403, '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    const files = new FileBucket(new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: denied.handler }), BUCKET);
    await expect(files.get('exports/x.json')).rejects.toMatchObject({ name: 'AccessDenied', message: 'Access Denied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
    expect(denied.sent).toBe(1);
  });

  it('tries a throttled or failing call again as the SDK does (3 attempts), and an error document behind a 200 counts as a failure', async () => {
    const slow = answering(503, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
    const throttled = new FileBucket(new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: slow.handler }), BUCKET);
    await expect(throttled.put('exports/x.json', Buffer.from('{}'), 'application/json')).rejects.toMatchObject({ name: 'SlowDown', $fault: 'server' });
    expect(slow.sent).toBe(3);
    const disguised = answering(200, '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>');
    const eraser = new FileBucket(new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: disguised.handler, maxAttempts: 2 }), BUCKET);
    await expect(eraser.delete(['exports/x.json'])).rejects.toMatchObject({ name: 'InternalError' });
    expect(disguised.sent).toBe(2);
  });
});
