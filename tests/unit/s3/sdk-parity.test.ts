/**
 * {@link S3Objects} sends what the SDK's own S3 client sends (the client proven against real
 * S3, kept as a dev dependency for this comparison): for each of the four calls, with awkward
 * keys and values, in a deployed region (virtual-hosted; path style for a bucket name no host
 * name can hold), another partition, behind an endpoint by name and behind the local edge's IP
 * address (path style), both clients' requests are recorded by a handler standing where the
 * network would be, and compared whole: method, host, path, query, body and every header, the
 * Authorization signature itself included (same fixed credentials, same fixed clock). Only the
 * SDK's bookkeeping is set aside before signing: its user agent, and its invocation id, which
 * both clients draw at random and is fixed here. Then both are given the same answers: an
 * object with a right or a wrong stored checksum, errors to retry or not, a clock S3 finds off.
 */
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3Objects, type RequestHandler } from '../../../functions/adapters/s3/s3-objects.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };

interface Sent {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: unknown;
  headers: Record<string, string>;
  body: string;
}

/** Records each request and answers as S3 would (200: the bytes, or an empty DeleteResult). */
function recorder(): { handler: RequestHandler; sent: Sent[] } {
  const sent: Sent[] = [];
  const handler: RequestHandler = {
    handle: async (request: HttpRequest) => {
      const { method, protocol, hostname, port, path, query, headers, body } = request;
      sent.push({ method, protocol, hostname, port, path, query, headers: { ...headers }, body: body === undefined ? '' : Buffer.from(body as Uint8Array).toString('utf8') });
      const answer = request.query.delete !== undefined ? '<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>' : 'bytes';
      return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([Buffer.from(answer)]) }) };
    },
  };
  return { handler, sent };
}

const FIXED_INVOCATION = '00000000-0000-4000-8000-000000000000';

/** Before signing: the user agent off, the invocation id fixed (both are the SDK's bookkeeping). */
const bookkeeping = (next: any) => (args: any) => {
  delete args.request.headers['x-amz-user-agent'];
  delete args.request.headers['user-agent'];
  if (args.request.headers['amz-sdk-invocation-id']) args.request.headers['amz-sdk-invocation-id'] = FIXED_INVOCATION;
  return next(args);
};

function clients(config: { region: string; endpoint?: string }) {
  const ours = recorder();
  const theirs = recorder();
  const objects = new S3Objects({ ...config, credentials: CREDENTIALS, requestHandler: ours.handler });
  objects.middlewareStack.addRelativeTo(bookkeeping, { relation: 'before', toMiddleware: 's3ObjectsSigning', name: 'bookkeeping' });
  const sdk = new S3Client({ ...config, credentials: CREDENTIALS, requestHandler: theirs.handler as never });
  sdk.middlewareStack.addRelativeTo(bookkeeping as never, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'bookkeeping' });
  return { objects, sdk, ours: ours.sent, theirs: theirs.sent };
}

const KEYS = [
  'inbound/0123456789abcdef',
  'payloads/northwind/shopify/1/a b+c#d?e%f&g=h;i:j@k,l$m.json',
  "exports/northwind/!'()*~-_./ünïcödé 😀.json",
  'exports/northwind//double/slash/',
];
const TAG_VALUES = ['northwind', '_none', `a<b>&"c'd\ne`];
const WHERE: Array<{ region: string; endpoint?: string; bucket?: string }> = [
  { region: 'eu-west-1' },
  { region: 'eu-west-1', bucket: 'mail.northwind.example' },
  { region: 'eu-west-1', bucket: 'Upper_Case' },
  { region: 'us-east-1' },
  { region: 'cn-north-1' },
  { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
  { region: 'eu-west-1', endpoint: 'http://localhost:4566' },
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-14T15:09:26Z'));
});
afterEach(() => vi.useRealTimers());

describe.each(WHERE)('S3Objects and the SDK S3 client send the same requests ($region $endpoint $bucket)', ({ bucket = 'followup-inbound', ...where }) => {
  it('GetObject', async () => {
    const { objects, sdk, ours, theirs } = clients(where);
    for (const key of KEYS) {
      expect((await objects.get(bucket, key))?.toString()).toBe('bytes');
      const out = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await out.Body!.transformToByteArray();
    }
    expect(ours[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260314\/[a-z0-9-]+\/s3\/aws4_request, SignedHeaders=.*host;x-amz-checksum-mode;x-amz-content-sha256;x-amz-date;x-amz-security-token/);
    expect(ours).toEqual(theirs);
  });

  it('PutObject', async () => {
    const { objects, sdk, ours, theirs } = clients(where);
    // The last one as large as S3's go-ahead is awaited for (`Expect: 100-continue`).
    for (const [i, key] of KEYS.entries()) {
      const body = Buffer.from(JSON.stringify({ key, note: 'Grüße 😀'.repeat(i === KEYS.length - 1 ? 200_000 : 1) }));
      await objects.put(bucket, key, body, 'application/json');
      await sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    }
    expect(ours.at(-1)!.headers.Expect).toBe('100-continue');
    expect(ours).toEqual(theirs);
  });

  it('PutObjectTagging', async () => {
    const { objects, sdk, ours, theirs } = clients(where);
    for (const [i, value] of TAG_VALUES.entries()) {
      const key = KEYS[i]!;
      await objects.tag(bucket, key, { 'followup-store': value });
      await sdk.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [{ Key: 'followup-store', Value: value }] } }));
    }
    expect(ours).toEqual(theirs);
  });

  it('DeleteObjects', async () => {
    const { objects, sdk, ours, theirs } = clients(where);
    const batches = [KEYS, ['inbound/a&b<c>"d\'e', 'line\nbreak\r\u0085\u2028', ' leading and trailing '], Array.from({ length: 1000 }, (_, i) => `inbound/m${i}`)];
    for (const keys of batches) {
      expect(await objects.deleteMany(bucket, keys)).toEqual([]);
      await sdk.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    }
    expect(ours).toEqual(theirs);
  });
});

describe('an object read is checked against the checksum S3 stored with it, as the SDK checks it', () => {
  // Check values of each algorithm for the bytes "123456789" (their specifications' test vector).
  const BYTES = Buffer.from('123456789');
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  const RIGHT = {
    'x-amz-checksum-crc32': b64('cbf43926'),
    'x-amz-checksum-crc32c': b64('e3069283'),
    'x-amz-checksum-crc64nvme': b64('ae8b14860a799888'),
    'x-amz-checksum-sha1': b64('f7c3bc1d808e04732adf679965ccc34ca7ae3441'),
    'x-amz-checksum-sha256': b64('15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225'),
  };
  const WRONG = b64('00000000');

  function answering(headers: Record<string, string>): RequestHandler {
    return { handle: async () => ({ response: new HttpResponse({ statusCode: 200, headers, body: Readable.from([BYTES]) }) }) };
  }

  const read = (headers: Record<string, string>) =>
    new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: answering(headers) }).get('followup-inbound', 'inbound/m1');

  it.each([
    ...Object.entries(RIGHT).map(([header, value]) => ({ what: `${header} right`, headers: { [header]: value } })),
    { what: 'a checksum of parts (not checked)', headers: { 'x-amz-checksum-crc32': `${WRONG}-3` } },
    { what: 'crc32 right, crc64nvme wrong (crc32 is preferred)', headers: { 'x-amz-checksum-crc32': RIGHT['x-amz-checksum-crc32'], 'x-amz-checksum-crc64nvme': WRONG } },
    { what: 'none', headers: {} },
  ])('reads the bytes, as the SDK does: $what', async ({ headers }) => {
    const sdk = new S3Client({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: answering(headers) as never });
    const out = await sdk.send(new GetObjectCommand({ Bucket: 'followup-inbound', Key: 'inbound/m1' }));
    expect(Buffer.from(await out.Body!.transformToByteArray()).equals(BYTES)).toBe(true);
    expect((await read(headers))?.equals(BYTES)).toBe(true);
  });

  // The SDK fails these too, from its stream's end handler: out of any promise a test could await.
  it.each(Object.keys(RIGHT))('refuses bytes that do not match a stored %s', async (header) => {
    await expect(read({ [header]: WRONG })).rejects.toThrow(/Checksum mismatch/);
  });
});

describe('retries, as the SDK S3 client makes them', () => {
  /** Answers the given statuses in turn (S3's error document each), then 200, counting requests. */
  function failing(statuses: number[], code: string, headers: Record<string, string> = {}): { handler: RequestHandler; sent: () => number; dates: string[] } {
    let n = 0;
    const dates: string[] = [];
    const handler: RequestHandler = {
      handle: async (request) => {
        dates.push(request.headers['x-amz-date']!);
        const status = statuses[n++] ?? 200;
        const body = status === 200 ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>m</Message></Error>`;
        return { response: new HttpResponse({ statusCode: status, headers: status === 200 ? {} : headers, body: Readable.from([Buffer.from(body)]) }) };
      },
    };
    return { handler, sent: () => n, dates };
  }

  it.each([
    { statuses: [503], code: 'SlowDown' },
    { statuses: [500, 503, 500], code: 'InternalError' },
    { statuses: [403], code: 'AccessDenied' },
    { statuses: [400], code: 'InvalidRequest' },
  ])('$code after $statuses: as many attempts, the same outcome', async ({ statuses, code }) => {
    vi.useRealTimers();
    const ours = failing(statuses, code);
    const theirs = failing(statuses, code);
    const objects = new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: ours.handler });
    const sdk = new S3Client({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: theirs.handler as never });
    const body = Buffer.from('{}');
    const outcome = (call: Promise<unknown>) => call.then(() => 'done', (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`);
    const mine = await outcome(objects.put('followup-inbound', 'exports/x.json', body, 'application/json'));
    const sdks = await outcome(sdk.send(new PutObjectCommand({ Bucket: 'followup-inbound', Key: 'exports/x.json', Body: body, ContentType: 'application/json' })));
    expect(mine).toBe(sdks);
    expect(ours.sent()).toBe(theirs.sent());
  });

  it("signs again by S3's clock when its own is off by more than four minutes, and tries again", async () => {
    vi.useRealTimers();
    const hourAhead = new Date(Date.now() + 3_600_000);
    const skewed = { date: hourAhead.toUTCString() };
    const ours = failing([403], 'RequestTimeTooSkewed', skewed);
    const theirs = failing([403], 'RequestTimeTooSkewed', skewed);
    await new S3Objects({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: ours.handler }).put('followup-inbound', 'exports/x.json', Buffer.from('{}'), 'application/json');
    await new S3Client({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: theirs.handler as never }).send(
      new PutObjectCommand({ Bucket: 'followup-inbound', Key: 'exports/x.json', Body: Buffer.from('{}'), ContentType: 'application/json' }),
    );
    expect([ours.sent(), theirs.sent()]).toEqual([2, 2]);
    const hour = (amzDate: string) => amzDate.slice(0, 11);
    expect(hour(ours.dates[1]!)).toBe(hour(hourAhead.toISOString().replace(/[-:]/g, '')));
    expect(hour(ours.dates[1]!)).toBe(hour(theirs.dates[1]!));
  });
});
