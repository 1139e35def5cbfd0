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
import { DynamoPrivacyRequestStore } from '../../adapters/dynamodb/privacy-requests.ts';
import { DynamoPrivacyStore } from '../../adapters/dynamodb/privacy-store.ts';
import { DynamoSessionStore } from '../../adapters/dynamodb/session-store.ts';
import { DynamoSuppressionStore } from '../../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../../adapters/dynamodb/webhook-ledger.ts';
import { expiryPolicy } from '../../core/domain/retention.ts';
import type { Clock } from '../../core/ports.ts';
import type { StoreConfig } from '../../core/domain/store.ts';
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
  sessions: DynamoSessionStore,
  privacy: DynamoPrivacyStore,
  privacyRequests: DynamoPrivacyRequestStore,
};

export type TableStores = ReturnType<typeof tableStores>;

/** Every store of the one table, on one client, dating what they write by these stores' retention. */
export function tableStores(dynamo: DynamoDBClient, tableName: string, retention: { stores: readonly StoreConfig[]; clock: Clock }) {
  return storesOn(dynamo, tableName, expiryPolicy(retention.stores, retention.clock), ALL_STORES);
}
