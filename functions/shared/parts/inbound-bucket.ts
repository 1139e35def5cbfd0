/**
 * The inbound bucket: raw mail SES received (under `inbound/`, as its receipt rule stores it),
 * whole webhook payloads (`payloads/`) and customers' data exports (`exports/`). A declaration
 * names, prefix by prefix, the object actions its code calls there, and nothing is granted on
 * the bucket beyond them.
 */
import type { FileStore, RawMailStore } from '../../core/ports.ts';
import { FileBucket } from '../../adapters/s3/file-bucket.ts';
import { S3Objects } from '../../adapters/s3/s3-objects.ts';
import { INBOUND_PREFIX, RawMailBucket } from '../../adapters/s3/raw-mail-bucket.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

/** S3 object actions, as IAM names them without the `s3:` prefix (DeleteObjects is authorised as DeleteObject). */
export type BucketAction = 'GetObject' | 'PutObject' | 'DeleteObject' | 'PutObjectTagging';

export interface BucketAccess {
  /** Key prefix → the object actions allowed under it (each prefix its own statement). */
  readonly prefixes: Readonly<Record<string, readonly BucketAction[]>>;
  /**
   * s3:ListBucket on the bucket: without it S3 answers a read of a missing object (raw mail past
   * its retention, an erased export) "access denied" instead of "no such key".
   */
  readonly tellsMissing?: boolean;
  /** Why the object ARNs end in a wildcard: the keys are known only at run time (cdk-nag's acknowledgement). */
  readonly reason: string;
}

export function inboundBucket(access: BucketAccess): Part<'inboundBucket', BucketAccess, { rawMail: RawMailStore; files: FileStore }> {
  return {
    kind: 'inboundBucket',
    grant: access,
    env: [ENV.inboundBucket],
    build: (context) => {
      const s3 = context.client('s3', (config) => new S3Objects(config));
      const bucket = context.setting(ENV.inboundBucket);
      return { rawMail: new RawMailBucket(s3, bucket, INBOUND_PREFIX), files: new FileBucket(s3, bucket) };
    },
  };
}

/** Why erasure and export hold object grants ending in a wildcard. */
export const PRIVACY_KEYS_REASON =
  'Erasure and data export name raw mail, payloads and exports by message id and customer key, known only at run time.';
