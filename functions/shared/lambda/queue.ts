/** The send queue, for the sweeper. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsSendQueue } from '../../adapters/sqs/sqs-send-queue.ts';
import { requiredEnv } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import type { LambdaBase } from './base.ts';

export function lambdaQueue(base: LambdaBase) {
  return { queue: new SqsSendQueue(new SQSClient({ region: base.region }), requiredEnv(ENV.queueUrl, base.env)) };
}
