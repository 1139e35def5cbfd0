import { CUSTOMER_INDEX } from '../adapters/dynamodb/table-schema.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import { EXPORTS_PREFIX, PAYLOADS_PREFIX } from '../adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX } from '../adapters/s3/raw-mail-bucket.ts';
import { declareFunction } from '../shared/declaration.ts';
import { inboundBucket, PRIVACY_KEYS_REASON } from '../shared/parts/inbound-bucket.ts';
import { storeWebhookSecrets } from '../shared/parts/secrets.ts';
import { sesSending } from '../shared/parts/ses-sending.ts';
import { table } from '../shared/parts/table.ts';

/** POST /webhooks/…: verifies a store's webhook and merges it into the order with one write. */
export const ingestWebhook = declareFunction({
  name: 'ingest-webhook',
  description: 'Store webhooks in',
  timeoutSeconds: 15,
  parts: [
    // orders.apply (Update); the privacy topics: ledger.seen/record (BatchGet, Put), privacy.gather
    // (Query on the table and the customer index, BatchGet), privacy.storeHoldings (Scan),
    // privacy.erase (BatchWrite), privacy.dropOrdersFromNote/record, customers.uncountOrder/
    // closeEscalation (Update), suppressions.reasons (Query).
    table({
      items: ['UpdateItem', 'BatchGetItem', 'PutItem', 'Query', 'BatchWriteItem', 'Scan'],
      indexes: [CUSTOMER_INDEX.name],
      stores: {
        orders: DynamoOrderStore,
        ledger: DynamoWebhookLedger,
        customers: DynamoCustomerStore,
        privacy: DynamoPrivacyStore,
        suppressions: DynamoSuppressionStore,
      },
    }),
    storeWebhookSecrets(),
    // Whole payloads too large for an item kept aside; customers/redact and shop/redact erase raw
    // mail, payloads and exports; customers/data_request writes an export.
    inboundBucket({
      prefixes: {
        [INBOUND_PREFIX]: ['GetObject', 'DeleteObject'],
        [PAYLOADS_PREFIX]: ['GetObject', 'PutObject', 'DeleteObject'],
        [EXPORTS_PREFIX]: ['PutObject', 'DeleteObject'],
      },
      tellsMissing: true,
      reason: PRIVACY_KEYS_REASON,
    }),
    // The email that tells the store's senior person a customer's data export is ready.
    sesSending(),
  ],
});
