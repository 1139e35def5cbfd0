/**
 * Every store of the table, for what sees the whole table: the local runtime itself, tests and
 * the benchmark. A deployed function gets only the stores its declaration names (table.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoConversationStore } from '../../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../../adapters/dynamodb/escalation-store.ts';
import { DynamoInboundStore } from '../../adapters/dynamodb/inbound-store.ts';
import { DynamoNoteStore } from '../../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../../adapters/dynamodb/webhook-ledger.ts';
import { storesOn } from './table.ts';

export const ALL_STORES = {
  orders: DynamoOrderStore,
  customers: DynamoCustomerStore,
  notes: DynamoNoteStore,
  suppressions: DynamoSuppressionStore,
  ledger: DynamoWebhookLedger,
  inbound: DynamoInboundStore,
  escalations: DynamoEscalationStore,
  conversations: DynamoConversationStore,
  digests: DynamoDigestStore,
};

export type TableStores = ReturnType<typeof tableStores>;

/** Every store of the one table, on one client. */
export function tableStores(dynamo: DynamoDBClient, tableName: string) {
  return storesOn(dynamo, tableName, ALL_STORES);
}
