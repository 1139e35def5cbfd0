import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoPrivacyRequestStore } from '../adapters/dynamodb/privacy-requests.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import { PAYLOADS_PREFIX } from '../adapters/s3/file-bucket.ts';
import { declareFunction } from '../shared/declaration.ts';
import { inboundBucket } from '../shared/parts/inbound-bucket.ts';
import { storeWebhookSecrets } from '../shared/parts/secrets.ts';
import { table } from '../shared/parts/table.ts';

/**
 * POST /webhooks/…: verifies a store's webhook and merges it into the order with one write. A
 * privacy topic is stored as a request for privacy-requests, which does the erasure or export.
 */
export const ingestWebhook = declareFunction({
  name: 'ingest-webhook',
  description: 'Store webhooks in',
  timeoutSeconds: 15,
  parts: [
    // orders.apply (Update); the privacy topics: ledger.seen (BatchGet), privacyRequests.submit (Put).
    table({
      items: ['UpdateItem', 'BatchGetItem', 'PutItem'],
      stores: { orders: DynamoOrderStore, ledger: DynamoWebhookLedger, privacyRequests: DynamoPrivacyRequestStore },
    }),
    storeWebhookSecrets(),
    // Whole payloads too large for an item, kept aside before the order is written.
    inboundBucket({
      prefixes: { [PAYLOADS_PREFIX]: ['PutObject'] },
      reason: 'Whole webhook payloads too large for an item, one object per delivery.',
    }),
  ],
});
