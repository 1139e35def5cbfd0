/** The table's stores, for a deployed function. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expiryPolicy } from '../../core/domain/retention.ts';
import { requiredEnv } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import { storeParts } from '../parts.ts';
import type { LambdaBase } from './base.ts';

export function lambdaStores(base: LambdaBase) {
  const endpoint = base.env[ENV.dynamodbEndpoint];
  const dynamo = new DynamoDBClient({ region: base.region, ...(endpoint && { endpoint }) });
  return storeParts(dynamo, requiredEnv(ENV.table, base.env), expiryPolicy(base.config.stores, base.clock));
}
