/** The bucket SES stores received mail in, for the inbound function. */
import { S3Client } from '@aws-sdk/client-s3';
import { INBOUND_PREFIX, RawMailBucket } from '../../adapters/s3/raw-mail-bucket.ts';
import { requiredEnv } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import type { LambdaBase } from './base.ts';

export function lambdaRawMail(base: LambdaBase) {
  return { rawMail: new RawMailBucket(new S3Client({ region: base.region }), requiredEnv(ENV.inboundBucket, base.env), INBOUND_PREFIX) };
}
