/**
 * Files beside the table, in the same bucket as raw mail under their own prefixes: whole webhook
 * payloads (`payloads/<store>/…`, expiring with the store's order retention) and data exports
 * (`exports/<store>/…`, expiring after a month). Lifecycle rules: infra, the inbound mail bucket.
 */
import type { FileStore } from '../../core/ports.ts';
import type { S3Objects } from './s3-objects.ts';

export const PAYLOADS_PREFIX = 'payloads/';
export const EXPORTS_PREFIX = 'exports/';

export class FileBucket implements FileStore {
  constructor(
    private readonly s3: S3Objects,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.s3.put(this.bucket, key, body, contentType);
  }

  get(key: string): Promise<Buffer | null> {
    return this.s3.get(this.bucket, key);
  }

  delete(keys: string[]): Promise<void> {
    return this.s3.deleteAll(this.bucket, keys);
  }
}
