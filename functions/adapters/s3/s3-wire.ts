/**
 * The four S3 object calls the functions make, as S3's REST/XML protocol puts them on the wire,
 * and S3's answers read back: what {@link S3Objects} sends and receives. Pure: no network, no
 * signing. Each request is the one the SDK's own S3 client sends for the same input
 * (tests/unit/s3/sdk-parity.test.ts compares them byte for byte, signature included).
 */
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Where a bucket's objects are addressed: scheme and host, and the path before the key. */
export interface BucketAddress {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** `/` when the bucket is in the host name (virtual-hosted style), `/<bucket>/` in path style. */
  prefix: string;
}

export interface WireRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A key as S3 reads it in a path: every byte but unreserved ones percent-encoded, slashes kept. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#x0D;',
  '\n': '&#x0A;',
  '\u0085': '&#x85;',
  '\u2028': '&#x2028;',
};

/** Text as an XML element's content, escaped as the SDK escapes it (line breaks too: S3 keys may hold them). */
export function xmlText(value: string): string {
  return value.replace(/[&"'<>\r\n\u0085\u2028]/g, (c) => XML_ESCAPES[c]!);
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** CRC32 of the bytes, its four bytes big-endian. */
function crc32Bytes(bytes: Buffer): Buffer {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(bytes));
  return sum;
}

/** CRC32 of the body, in base64: the checksum the SDK sends by default. */
function checksumHeaders(body: Buffer): Record<string, string> {
  return { 'x-amz-sdk-checksum-algorithm': 'CRC32', 'x-amz-checksum-crc32': crc32Bytes(body).toString('base64') };
}

/** From this size on, the body waits for S3's go-ahead (`Expect: 100-continue`), as the SDK has it: a refusal costs no upload. */
export const EXPECT_CONTINUE_BYTES = 2 * 1024 * 1024;

function withBody(method: 'PUT' | 'POST', path: string, query: Record<string, string>, body: Buffer, contentType: string): WireRequest {
  const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(body.length), ...checksumHeaders(body) };
  if (body.length >= EXPECT_CONTINUE_BYTES) headers.Expect = '100-continue';
  return { method, path, query, headers, body };
}

export const wire = {
  /** S3 is asked for the object's stored checksum, to check the bytes read against ({@link storedChecksum}). */
  getObject: (at: BucketAddress, key: string): WireRequest => ({
    method: 'GET',
    path: at.prefix + encodeKey(key),
    query: { 'x-id': 'GetObject' },
    headers: { 'x-amz-checksum-mode': 'ENABLED' },
  }),

  putObject: (at: BucketAddress, key: string, body: Buffer, contentType: string): WireRequest =>
    withBody('PUT', at.prefix + encodeKey(key), { 'x-id': 'PutObject' }, body, contentType),

  putObjectTagging: (at: BucketAddress, key: string, tags: Record<string, string>): WireRequest => {
    const set = Object.entries(tags)
      .map(([k, v]) => `<Tag><Key>${xmlText(k)}</Key><Value>${xmlText(v)}</Value></Tag>`)
      .join('');
    const xml = `${XML_HEAD}<Tagging xmlns="${S3_NS}"><TagSet>${set}</TagSet></Tagging>`;
    return withBody('PUT', at.prefix + encodeKey(key), { tagging: '' }, Buffer.from(xml, 'utf8'), 'application/xml');
  },

  /** Quiet: S3 answers only the keys it could not delete. S3 requires a checksum of this body. */
  deleteObjects: (at: BucketAddress, keys: readonly string[]): WireRequest => {
    const objects = keys.map((k) => `<Object><Key>${xmlText(k)}</Key></Object>`).join('');
    const xml = `${XML_HEAD}<Delete xmlns="${S3_NS}">${objects}<Quiet>true</Quiet></Delete>`;
    return withBody('POST', at.prefix, { delete: '' }, Buffer.from(xml, 'utf8'), 'application/xml');
  },
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** An XML element's text with its entities read back. */
export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, entity: string) => {
    if (ENTITIES[entity]) return ENTITIES[entity]!;
    return String.fromCodePoint(entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}

/** The text of the first `<name>` element in the XML, or undefined. */
export function element(xml: string, name: string): string | undefined {
  const found = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return found ? unescapeXml(found[1]!) : undefined;
}

/** S3's error answer: `<Error><Code>…</Code><Message>…</Message>…</Error>`. */
export function errorOf(xml: string): { code?: string; message?: string } {
  return { code: element(xml, 'Code'), message: element(xml, 'Message') };
}

/** Whether a 200 answer is an error in disguise (S3 may fail a call after its status line went out). */
export function isErrorDocument(xml: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?<Error>/.test(xml);
}

/** The keys a DeleteObjects answer says could not be deleted, with S3's code for each. */
export function deleteErrors(xml: string): Array<{ key: string; code: string }> {
  return [...xml.matchAll(/<Error>([\s\S]*?)<\/Error>/g)].map((m) => ({ key: element(m[1]!, 'Key') ?? '', code: element(m[1]!, 'Code') ?? 'Unknown' }));
}

async function digest(hash: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }, bytes: Buffer): Promise<Buffer> {
  hash.update(bytes);
  return Buffer.from(await hash.digest());
}

/**
 * The checksums a read is checked against, in the SDK's order of preference, each computed as
 * it computes them (Node's own hashes and CRC32; the SDK's code for CRC32C and CRC64NVME).
 */
const DIGESTS = {
  sha256: async (bytes: Buffer) => createHash('sha256').update(bytes).digest(),
  sha1: async (bytes: Buffer) => createHash('sha1').update(bytes).digest(),
  crc32: async (bytes: Buffer) => crc32Bytes(bytes),
  crc32c: (bytes: Buffer) => digest(new Crc32cJs(), bytes),
  crc64nvme: (bytes: Buffer) => digest(new Crc64NvmeJs(), bytes),
};
type ReadChecksum = keyof typeof DIGESTS;
const READ_CHECKSUMS = Object.keys(DIGESTS) as ReadChecksum[];

/**
 * The stored checksum to check an object's bytes against, as the SDK picks it: the first of
 * {@link READ_CHECKSUMS} S3 answered, none when it is a checksum of parts (`…-<part count>`,
 * an object uploaded in parts), which the whole object's bytes cannot be checked against.
 */
function storedChecksum(headers: Record<string, string | undefined>): { algorithm: ReadChecksum; value: string } | null {
  for (const algorithm of READ_CHECKSUMS) {
    const value = headers[`x-amz-checksum-${algorithm}`];
    if (value) return /-[1-9]\d*$/.test(value) ? null : { algorithm, value };
  }
  return null;
}

/** Why the bytes read are not the object S3 stored (their checksum differs from its), or null. */
export async function checksumMismatch(headers: Record<string, string | undefined>, body: Buffer): Promise<string | null> {
  const stored = storedChecksum(headers);
  if (!stored) return null;
  const read = (await DIGESTS[stored.algorithm](body)).toString('base64');
  return read === stored.value ? null : `Checksum mismatch: the object's bytes have ${stored.algorithm} "${read}", S3 stored "${stored.value}"`;
}
