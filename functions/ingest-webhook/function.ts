import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import { declareFunction } from '../shared/declaration.ts';
import { storeWebhookSecrets } from '../shared/parts/secrets.ts';
import { table } from '../shared/parts/table.ts';

/** POST /webhooks/…: verifies a store's webhook and merges it into the order with one write. */
export const ingestWebhook = declareFunction({
  name: 'ingest-webhook',
  description: 'Store webhooks in',
  timeoutSeconds: 15,
  parts: [
    // orders.apply (Update); redact topics: ledger.record (BatchGet, Put), customers.load (Query)
    // and erase (Query, BatchWrite), orders.delete (BatchWrite), ledger.eraseStore (Scan, BatchWrite).
    table({
      items: ['UpdateItem', 'BatchGetItem', 'PutItem', 'Query', 'BatchWriteItem', 'Scan'],
      stores: { orders: DynamoOrderStore, ledger: DynamoWebhookLedger, customers: DynamoCustomerStore },
    }),
    storeWebhookSecrets(),
  ],
});
