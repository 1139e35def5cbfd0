/**
 * The one DynamoDB table, with the stores a function uses of it. A declaration names the stores
 * (their classes), so a bundle carries those and no other: each store module builds its schemas
 * when it loads, and a function that never reads an escalation should not pay for that.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expiryPolicy, type ExpiryPolicy } from '../../core/domain/retention.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

/** DynamoDB actions on items, as IAM names them without the `dynamodb:` prefix. */
export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan' | 'BatchGetItem' | 'BatchWriteItem';

/** Exactly what a function does with the table. */
export interface TableAccess {
  /** Actions on the table's items. */
  readonly items: readonly TableAction[];
  /** Indexes it queries (`dynamodb:Query` on each index alone). */
  readonly indexes?: readonly string[];
}

/**
 * A store of the table: every one is made from the document client, the table's name and the
 * stores' retention (what it writes about a customer expires with it; stores that keep nothing
 * about a customer ignore it).
 */
export type StoreClass = new (db: DynamoDBDocumentClient, tableName: string, expiry: ExpiryPolicy) => object;

/** The stores built from their classes, by the names the use cases know them by. */
export type StoresOf<S extends Record<string, StoreClass>> = { [K in keyof S]: InstanceType<S[K]> };

export interface TableHandle {
  tableName: string;
  /** For what no store does (the local runtime's recovery, the benchmark's meter). */
  dynamoDocument: DynamoDBDocumentClient;
}

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

/** The named stores over one client. */
export function storesOn<S extends Record<string, StoreClass>>(
  dynamo: DynamoDBClient,
  tableName: string,
  expiry: ExpiryPolicy,
  stores: S,
): TableHandle & StoresOf<S> {
  const db = documentClient(dynamo);
  const built = Object.fromEntries(Object.entries(stores).map(([name, Store]) => [name, new Store(db, tableName, expiry)])) as StoresOf<S>;
  return { tableName, dynamoDocument: db, ...built };
}

export function table<S extends Record<string, StoreClass>>(
  access: TableAccess & { stores: S },
): Part<'table', TableAccess, TableHandle & StoresOf<S>> {
  const { stores, ...grant } = access;
  return {
    kind: 'table',
    grant,
    env: [ENV.table],
    build: (context) =>
      storesOn(
        context.client('dynamodb', (config) => new DynamoDBClient(config)),
        context.setting(ENV.table),
        expiryPolicy(context.base.config.stores, context.base.clock),
        stores,
      ),
  };
}
