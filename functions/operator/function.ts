import { DUE_INDEX } from '../adapters/dynamodb/table-schema.ts';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { declareFunction } from '../shared/declaration.ts';
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
    // notes.listDue/listWaiting (the due index), recipients (BatchGet), skip/release (Update).
    table({
      items: ['Query', 'GetItem', 'UpdateItem', 'PutItem', 'BatchGetItem'],
      indexes: [DUE_INDEX.name],
      stores: { escalations: DynamoEscalationStore, customers: DynamoCustomerStore, notes: DynamoNoteStore, conversations: DynamoConversationStore, digests: DynamoDigestStore, orders: DynamoOrderStore, suppressions: DynamoSuppressionStore },
    }),
    operatorToken(),
    // The owner's answer carries the conversation's signed reply address.
    signingKey(),
    sesSending(),
  ],
});
