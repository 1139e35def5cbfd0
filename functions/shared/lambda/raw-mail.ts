/** The bucket SES stores received mail in, which also keeps whole payloads and data exports. */
import { S3Client } from '@aws-sdk/client-s3';
import { FileBucket } from '../../adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX, RawMailBucket } from '../../adapters/s3/raw-mail-bucket.ts';
import { requiredEnv } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import type { LambdaBase } from './base.ts';

export function lambdaRawMail(base: LambdaBase) {
  const s3 = new S3Client({ region: base.region });
  const bucket = requiredEnv(ENV.inboundBucket, base.env);
  return { rawMail: new RawMailBucket(s3, bucket, INBOUND_PREFIX), files: new FileBucket(s3, bucket) };
}
