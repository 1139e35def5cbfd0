import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createTable } from '../../../functions/local/create-table.ts';
import {
  localDynamoDbClient,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../../functions/local/dynamodb-local.ts';
import { DUE_INDEX, KEY, TTL_ATTRIBUTE } from '../../../functions/adapters/dynamodb/table-schema.ts';
import { testTable } from '../../support/dynamo.ts';

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-dynamo-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function startOwn(dataDir: string): Promise<DynamoDbLocal> {
  const dynamo = await startDynamoDbLocal({ port: 0, dataDir });
  cleanups.push(() => dynamo.stop());
  return dynamo;
}

describe('DynamoDB Local', () => {
  it('creates the table with its keys, the sparse due index and TTL, and tolerates a second call', async () => {
    const { client, tableName } = await testTable();

    await createTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: DUE_INDEX.name,
        KeySchema: [
          { AttributeName: DUE_INDEX.pk, KeyType: 'HASH' },
          { AttributeName: DUE_INDEX.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexStatus: 'ACTIVE',
      }),
    ]);
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TTL_ATTRIBUTE });
  });

  it('refuses a conditional put of an item that exists', async () => {
    const { client, tableName } = await testTable();
    const put = () =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: 'W#default#abc' }, sk: { S: 'W' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );

    await put();

    await expect(put()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('keeps data in a dataDir across a restart', async () => {
    const dataDir = await tempDir();
    const key = { pk: { S: 'C#jane' }, sk: { S: 'P' } };
    const first = await startOwn(dataDir);
    const firstClient = localDynamoDbClient(first.endpoint);
    await createTable(firstClient, 'followup');
    await firstClient.send(
      new PutItemCommand({ TableName: 'followup', Item: { ...key, name: { S: 'Jane' } } }),
    );
    await first.stop();

    const second = await startOwn(dataDir);
    const secondClient = localDynamoDbClient(second.endpoint);
    await createTable(secondClient, 'followup');
    const { Item } = await secondClient.send(new GetItemCommand({ TableName: 'followup', Key: key }));

    expect(Item?.name).toEqual({ S: 'Jane' });
  });

  it('explains a port that is already taken', async () => {
    const blocker = await new Promise<Server>((resolve) => {
      const server = createServer().listen(0, () => resolve(server));
    });
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const port = (blocker.address() as { port: number }).port;

    await expect(startDynamoDbLocal({ port })).rejects.toThrow(`DynamoDB Local port ${port} is in use`);
  });

  it('says that Java is needed when it cannot be run', async () => {
    await expect(startDynamoDbLocal({ java: '/nonexistent/bin/java' })).rejects.toThrow(
      /^DynamoDB Local needs Java 17 or newer: install a JRE \(for example openjdk-17-jre-headless\)/,
    );
  });
});
