/** The one DynamoDB table and every store kept in it. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConversationStore } from '../../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../../adapters/dynamodb/escalation-store.ts';
import { DynamoInboundStore } from '../../adapters/dynamodb/inbound-store.ts';
import { DynamoNoteStore } from '../../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../../adapters/dynamodb/webhook-ledger.ts';
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

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export type TableStores = ReturnType<typeof tableStores>;

/** Every store of the one table, on one client. */
export function tableStores(dynamo: DynamoDBClient, tableName: string) {
  const db = documentClient(dynamo);
  return {
    tableName,
    dynamoDocument: db,
    orders: new DynamoOrderStore(db, tableName),
    customers: new DynamoCustomerStore(db, tableName),
    notes: new DynamoNoteStore(db, tableName),
    suppressions: new DynamoSuppressionStore(db, tableName),
    ledger: new DynamoWebhookLedger(db, tableName),
    inbound: new DynamoInboundStore(db, tableName),
    escalations: new DynamoEscalationStore(db, tableName),
    conversations: new DynamoConversationStore(db, tableName),
    digests: new DynamoDigestStore(db, tableName),
  };
}

export function table(access: TableAccess): Part<'table', TableAccess, TableStores> {
  return {
    kind: 'table',
    grant: access,
    env: [ENV.table],
    build: (context) => tableStores(context.client('dynamodb', (config) => new DynamoDBClient(config)), context.setting(ENV.table)),
  };
}
