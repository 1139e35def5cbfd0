/**
 * Raw inbound mail as SES's receipt rule stored it: `<prefix><SES message id>` in a bucket.
 *
 * A message is tagged with the store whose conversation it joined (or `none`), and the bucket's
 * lifecycle rules expire each store's mail after that store's retention (infra: the inbound mail
 * bucket); an erasure deletes a customer's messages at once.
 */
import type { RawMailStore } from '../../core/ports.ts';
import type { S3Objects } from './s3-objects.ts';

/** Key prefix the SES receipt rule stores raw mail under. */
export const INBOUND_PREFIX = 'inbound/';
/** The tag that files a message under its store; its lifecycle rules filter on it. */
export const RAW_MAIL_STORE_TAG = 'followup-store';
/** The tag's value for mail that joined no conversation (no store id has an underscore). */
export const NO_STORE = '_none';

export class RawMailBucket implements RawMailStore {
  constructor(
    private readonly s3: S3Objects,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async get(mailId: string): Promise<Buffer> {
    const raw = await this.find(mailId);
    if (!raw) throw new Error(`inbound mail ${mailId} is not in the bucket`);
    return raw;
  }

  find(mailId: string): Promise<Buffer | null> {
    return this.s3.get(this.bucket, this.key(mailId));
  }

  async label(mailId: string, storeId: string | null): Promise<void> {
    try {
      await this.s3.tag(this.bucket, this.key(mailId), { [RAW_MAIL_STORE_TAG]: storeId ?? NO_STORE });
    } catch (error) {
      // Erased meanwhile (the customer asked): nothing left to file.
      if ((error as Error).name !== 'NoSuchKey') throw error;
    }
  }

  erase(mailIds: string[]): Promise<void> {
    return this.s3.deleteAll(this.bucket, mailIds.map((id) => this.key(id)));
  }

  private key(mailId: string): string {
    return `${this.prefix}${mailId}`;
  }
}
