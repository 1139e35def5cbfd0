/**
 * Creates the one table as table-schema.ts declares it (the CDK stack declares the same), for the
 * local runtime on start and for each test file. Safe to call on every start: an existing table
 * is checked and kept, which is what a persisted FOLLOWUP_DATA_DIR needs.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';
import { CUSTOMER_INDEX, DUE_INDEX, KEY, STREAM_VIEW, TTL_ATTRIBUTE } from '../adapters/dynamodb/table-schema.ts';

const ACTIVE_TIMEOUT_MS = 60_000;

export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [KEY.pk, KEY.sk, DUE_INDEX.pk, DUE_INDEX.sk, CUSTOMER_INDEX.pk].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: KEY.pk, KeyType: 'HASH' },
          { AttributeName: KEY.sk, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: DUE_INDEX.name,
            KeySchema: [
              { AttributeName: DUE_INDEX.pk, KeyType: 'HASH' },
              { AttributeName: DUE_INDEX.sk, KeyType: 'RANGE' },
            ],
            // Readers of the index only need the keys; they fetch the item itself.
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
          CUSTOMER_INDEX_SPEC,
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  const table = await waitUntilActive(client, tableName);
  assertSchema(table);
  await addCustomerIndex(client, table);
  await enableStream(client, table);
  await enableTtl(client, tableName);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = performance.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return Table;
    if (performance.now() > deadline)
      throw new Error(`Table ${tableName} did not become ACTIVE within ${ACTIVE_TIMEOUT_MS / 1000} s`);
    await delay(100);
  }
}

/** A table kept from an older run may predate a schema change; say so instead of failing later. */
function assertSchema(table: TableDescription): void {
  const keys = (table.KeySchema ?? []).map((key) => key.AttributeName).join(',');
  const due = table.GlobalSecondaryIndexes?.find((index) => index.IndexName === DUE_INDEX.name);
  const dueKeys = (due?.KeySchema ?? []).map((key) => key.AttributeName).join(',');
  if (keys !== `${KEY.pk},${KEY.sk}` || dueKeys !== `${DUE_INDEX.pk},${DUE_INDEX.sk}`) {
    throw new Error(
      `Table ${table.TableName} exists with a different schema (keys ${keys}; index ${DUE_INDEX.name}: ${dueKeys || 'missing'}). ` +
        'Delete the local data directory (FOLLOWUP_DATA_DIR) to recreate it.',
    );
  }
}

const CUSTOMER_INDEX_SPEC = {
  IndexName: CUSTOMER_INDEX.name,
  KeySchema: [{ AttributeName: CUSTOMER_INDEX.pk, KeyType: 'HASH' as const }],
  // Erasure and export need only the keys of a customer's items outside their partition.
  Projection: { ProjectionType: 'KEYS_ONLY' as const },
};

/** A table kept from before erasure used the customer index gets it now (DynamoDB fills it in). */
async function addCustomerIndex(client: DynamoDBClient, table: TableDescription): Promise<void> {
  if (table.GlobalSecondaryIndexes?.some((index) => index.IndexName === CUSTOMER_INDEX.name)) return;
  await client.send(
    new UpdateTableCommand({
      TableName: table.TableName,
      AttributeDefinitions: [{ AttributeName: CUSTOMER_INDEX.pk, AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: CUSTOMER_INDEX_SPEC }],
    }),
  );
  await waitUntilActive(client, table.TableName!);
}

/** A table kept from before planning read the stream gets its stream now. */
async function enableStream(client: DynamoDBClient, table: TableDescription): Promise<void> {
  const stream = table.StreamSpecification;
  if (stream?.StreamEnabled && stream.StreamViewType === STREAM_VIEW) return;
  await client.send(
    new UpdateTableCommand({
      TableName: table.TableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW },
    }),
  );
  await waitUntilActive(client, table.TableName!);
}

/** UpdateTimeToLive fails when TTL is already on, so look first. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const alreadyOn = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING';
  if (alreadyOn && ttl?.AttributeName === TTL_ATTRIBUTE) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
