import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createTable } from '../../functions/local/create-table.ts';
import { localDynamoDbClient } from '../../functions/local/dynamodb-local.ts';

export interface TestTable {
  client: DynamoDBClient;
  tableName: string;
  endpoint: string;
}

/**
 * A fresh table with the real schema on the run's shared DynamoDB Local (global-setup.ts). Names
 * are unique, so test files running in parallel never see each other's items.
 */
export async function testTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const client = localDynamoDbClient(endpoint);
  const tableName = `test-${randomUUID()}`;
  await createTable(client, tableName);
  return { client, tableName, endpoint };
}
