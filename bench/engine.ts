/** DynamoDB Local instances for the benchmark: in memory, one per section, always stopped. */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureDynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from '../functions/local/dynamodb-local.ts';
import { onCleanup } from './cleanup.ts';

export interface Engine {
  endpoint: string;
  /** A plain client of its own, for loading data and for baselines (never metered). */
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startEngine(label: string): Promise<Engine> {
  await ensureDynamoDbLocal();
  const local = await startDynamoDbLocal({});
  const client = localDynamoDbClient(local.endpoint);
  const stop = onCleanup(`DynamoDB Local (${label})`, async () => {
    client.destroy();
    await local.stop();
  });
  return { endpoint: local.endpoint, client, stop };
}

/**
 * A table with the same keys and nothing else (no index, no stream), for raw baselines. Not
 * createTable(): a second stream-enabled table on the engine disturbs the runtime's stream reader.
 */
export async function createPlainTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
