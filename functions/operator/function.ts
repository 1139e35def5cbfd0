import { CUSTOMER_INDEX, DUE_INDEX } from '../adapters/dynamodb/table-schema.ts';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { DynamoSessionStore } from '../adapters/dynamodb/session-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { EXPORTS_PREFIX, PAYLOADS_PREFIX } from '../adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX } from '../adapters/s3/raw-mail-bucket.ts';
import { declareFunction } from '../shared/declaration.ts';
import { inboundBucket, PRIVACY_KEYS_REASON } from '../shared/parts/inbound-bucket.ts';
import { operatorToken, signingKey } from '../shared/parts/secrets.ts';
import { sesSending } from '../shared/parts/ses-sending.ts';
import { table } from '../shared/parts/table.ts';

/** /api and /console: the operator's door, behind the operator token. */
export const operator = declareFunction({
  name: 'operator',
  description: 'Operator API and console',
  timeoutSeconds: 15,
  parts: [
    // escalations.list (Query)/get (Get)/save/noticeSent (Update), conversations.list/get/save,
    // notes.get (Get)/resume (Update), customers.load/conversation (Query)/queueOutbound (Put)/
    // claimOutbound/settleOutbound/closeEscalation (Update), digests.ensure; the scheduled notes:
    // notes.listDue/listWaiting (the due index), recipients (BatchGet), skip/release (Update);
    // the console's sessions.create (Put)/active (Get)/revoke (Delete); erasure and export as
    // ingest-webhook's privacy topics (the customer index, BatchGet, BatchWrite).
    table({
      items: ['Query', 'GetItem', 'UpdateItem', 'PutItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem'],
      indexes: [DUE_INDEX.name, CUSTOMER_INDEX.name],
      stores: {
        escalations: DynamoEscalationStore,
        customers: DynamoCustomerStore,
        notes: DynamoNoteStore,
        conversations: DynamoConversationStore,
        digests: DynamoDigestStore,
        orders: DynamoOrderStore,
        suppressions: DynamoSuppressionStore,
        sessions: DynamoSessionStore,
        privacy: DynamoPrivacyStore,
      },
    }),
    operatorToken(),
    // The owner's answer carries the conversation's signed reply address.
    signingKey(),
    sesSending(),
    // Erasure and export on request, and downloading an export.
    inboundBucket({
      prefixes: {
        [INBOUND_PREFIX]: ['GetObject', 'DeleteObject'],
        [PAYLOADS_PREFIX]: ['GetObject', 'DeleteObject'],
        [EXPORTS_PREFIX]: ['GetObject', 'PutObject', 'DeleteObject'],
      },
      tellsMissing: true,
      reason: PRIVACY_KEYS_REASON,
    }),
  ],
});
