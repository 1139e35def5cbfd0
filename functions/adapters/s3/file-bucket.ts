/**
 * Files beside the table, in the same bucket as raw mail under their own prefixes: whole webhook
 * payloads (`payloads/<store>/…`, expiring with the store's order retention) and data exports
 * (`exports/<store>/…`, expiring after a month). Lifecycle rules: infra, the inbound mail bucket.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../../core/ports.ts';
import { deleteKeys, objectOrNull } from './objects.ts';

export const PAYLOADS_PREFIX = 'payloads/';
export const EXPORTS_PREFIX = 'exports/';

export class FileBucket implements FileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  get(key: string): Promise<Buffer | null> {
    return objectOrNull(this.s3, this.bucket, key);
  }

  delete(keys: string[]): Promise<void> {
    return deleteKeys(this.s3, this.bucket, keys);
  }
}
