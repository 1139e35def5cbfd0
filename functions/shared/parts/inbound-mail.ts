/** Raw mail SES received, as its receipt rule stored it in the inbound bucket. */
import { S3Client } from '@aws-sdk/client-s3';
import type { RawMailSource } from '../../core/ports.ts';
import { INBOUND_PREFIX, RawMailBucket } from '../../adapters/s3/raw-mail-bucket.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

export function inboundMail(): Part<'inboundMail', { read: string }, { rawMail: RawMailSource }> {
  return {
    kind: 'inboundMail',
    // Reading only, and only under the prefix the receipt rule writes to.
    grant: { read: INBOUND_PREFIX },
    env: [ENV.inboundBucket],
    build: (context) => ({
      rawMail: new RawMailBucket(context.client('s3', (config) => new S3Client(config)), context.setting(ENV.inboundBucket), INBOUND_PREFIX),
    }),
  };
}
