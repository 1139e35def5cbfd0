import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  QueryCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTable } from '../../../functions/local/create-table.ts';
import {
  localDynamoDbClient,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../../functions/local/dynamodb-local.ts';
import { CUSTOMER_INDEX, DUE_INDEX, KEY, TTL_ATTRIBUTE } from '../../../functions/adapters/dynamodb/table-schema.ts';
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

/** An address of this machine that other machines reach it by, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('DynamoDB Local', () => {
  it.skipIf(!outsideAddress)('listens on 127.0.0.1 only: nobody else on the network reaches the database', async () => {
    const port = Number(new URL(inject('dynamoEndpoint')).port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    expect(await accepts(outsideAddress!, port)).toBe(false);
  });

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
      expect.objectContaining({
        IndexName: CUSTOMER_INDEX.name,
        KeySchema: [{ AttributeName: CUSTOMER_INDEX.pk, KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexStatus: 'ACTIVE',
      }),
    ]);
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TTL_ATTRIBUTE });
  });

  // Adding an index is table-wide work for the shared engine: a busy run needs more than the default.
  it('adds the customer index to a table kept from before it, keeping its items', { timeout: 60_000 }, async () => {
    // An engine of its own, as a user's kept data folder has: on the engine every other test
    // writes to at once, building an index waits behind all of their work.
    const own = await startOwn(await tempDir());
    const client = localDynamoDbClient(own.endpoint);
    const tableName = 'followup';
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [KEY.pk, KEY.sk, DUE_INDEX.pk, DUE_INDEX.sk].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
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
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'O#s#shopify#1' }, sk: { S: 'O' }, [CUSTOMER_INDEX.pk]: { S: 'c1' } } }));

    await createTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([CUSTOMER_INDEX.name, DUE_INDEX.name].sort());
    const found = await client.send(
      new QueryCommand({ TableName: tableName, IndexName: CUSTOMER_INDEX.name, KeyConditionExpression: '#c = :c', ExpressionAttributeNames: { '#c': CUSTOMER_INDEX.pk }, ExpressionAttributeValues: { ':c': { S: 'c1' } } }),
    );
    expect(found.Items?.map((i) => i.pk?.S)).toEqual(['O#s#shopify#1']);
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
