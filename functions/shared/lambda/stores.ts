/** The table's stores, for a deployed function. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import { storeParts } from '../parts.ts';
import type { LambdaBase } from './base.ts';

export function lambdaStores(base: LambdaBase) {
  const endpoint = base.env[ENV.dynamodbEndpoint];
  return storeParts(new DynamoDBClient({ region: base.region, ...(endpoint && { endpoint }) }), requiredEnv(ENV.table, base.env));
}
