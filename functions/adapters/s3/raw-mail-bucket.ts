/** Raw inbound mail as SES's receipt rule stored it: `<prefix><SES message id>` in a bucket. */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailSource } from '../../core/ports.ts';

/** Key prefix the SES receipt rule stores raw mail under. */
export const INBOUND_PREFIX = 'inbound/';

export class RawMailBucket implements RawMailSource {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async get(mailId: string): Promise<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${mailId}` }));
    if (!out.Body) throw new Error(`inbound mail ${mailId} has no body`);
    return Buffer.from(await out.Body.transformToByteArray());
  }
}
