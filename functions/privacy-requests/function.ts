import { CUSTOMER_INDEX } from '../adapters/dynamodb/table-schema.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoPrivacyRequestStore } from '../adapters/dynamodb/privacy-requests.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import { EXPORTS_PREFIX, PAYLOADS_PREFIX } from '../adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX } from '../adapters/s3/raw-mail-bucket.ts';
import { declareFunction } from '../shared/declaration.ts';
import { inboundBucket, PRIVACY_KEYS_REASON } from '../shared/parts/inbound-bucket.ts';
import { sesSending } from '../shared/parts/ses-sending.ts';
import { table } from '../shared/parts/table.ts';

/**
 * Tries of one request before the stream's reader sets it aside (the failures queue, with its
 * alarm, in AWS; the request item stays in the table until it expires).
 */
export const PRIVACY_REQUEST_ATTEMPTS = 10;

/** The table's stream: each privacy request a store's platform sent is carried out (erasure, data export). */
export const privacyRequests = declareFunction({
  name: 'privacy-requests',
  description: 'Privacy requests (table stream): erasures and data exports',
  // A whole store's erasure scans the table.
  timeoutSeconds: 300,
  parts: [
    // ledger.seen/record (BatchGet, Put), privacy.gather (Query on the table and the customer
    // index, BatchGet), privacy.storeHoldings (Scan), privacy.erase (BatchWrite),
    // privacy.dropOrdersFromNote/record (Update, Put), customers.uncountOrder/closeEscalation
    // (Update), suppressions.reasons (Query), privacyRequests.done (Delete).
    table({
      items: ['BatchGetItem', 'PutItem', 'Query', 'BatchWriteItem', 'Scan', 'UpdateItem', 'DeleteItem'],
      indexes: [CUSTOMER_INDEX.name],
      stores: {
        ledger: DynamoWebhookLedger,
        customers: DynamoCustomerStore,
        privacy: DynamoPrivacyStore,
        suppressions: DynamoSuppressionStore,
        privacyRequests: DynamoPrivacyRequestStore,
      },
    }),
    // Erasure deletes raw mail, payloads and exports; a data request writes an export.
    inboundBucket({
      prefixes: {
        [INBOUND_PREFIX]: ['GetObject', 'DeleteObject'],
        [PAYLOADS_PREFIX]: ['GetObject', 'DeleteObject'],
        [EXPORTS_PREFIX]: ['PutObject', 'DeleteObject'],
      },
      tellsMissing: true,
      reason: PRIVACY_KEYS_REASON,
    }),
    // The email that tells the store's senior person a customer's data export is ready.
    sesSending(),
  ],
});
