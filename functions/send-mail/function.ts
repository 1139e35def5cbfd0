import { SEND_FUNCTION_TIMEOUT_MS } from '../core/domain/send-timing.ts';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { signingKey } from '../shared/parts/secrets.ts';
import { sesSending } from '../shared/parts/ses-sending.ts';
import { table } from '../shared/parts/table.ts';
import { templates } from '../shared/parts/templates.ts';

/**
 * Queue messages per invocation. send-mail does all of a batch side by side, so this bounds the
 * SES sends in flight in one instance (the stage's maxSendConcurrency bounds the instances).
 */
export const SEND_BATCH_SIZE = 5;

/** Reads the send queue: sends each due note, emails escalation notices, passes overdue escalations on. */
export const sendMail = declareFunction({
  name: 'send-mail',
  description: 'Send queue to SES: notes, escalation notices, overdue escalations passed on',
  // send-timing.ts sets the lease and the queue's visibility around it.
  timeoutSeconds: SEND_FUNCTION_TIMEOUT_MS / 1000,
  parts: [
    // Notes: notes.claim/reserveSend/markAttempt/markSent/reschedule/finish/markUnknown/requeue/
    // resume (Update) and get (Get), customers.load (Query), orders.getMany (BatchGet),
    // suppressions.reasons (Query). Escalations: escalations.get (Get) for notices and pass-ons,
    // save/noticeSent/reminderSlot (Update, Put), list (Query); conversations.get/save/list,
    // digests.get/markSent/finish; customers.queueOutbound (Put)/getOutbound/claimOutbound/
    // settleOutbound.
    table({
      items: ['GetItem', 'UpdateItem', 'Query', 'BatchGetItem', 'PutItem'],
      stores: { notes: DynamoNoteStore, customers: DynamoCustomerStore, orders: DynamoOrderStore, suppressions: DynamoSuppressionStore, escalations: DynamoEscalationStore, conversations: DynamoConversationStore, digests: DynamoDigestStore },
    }),
    // Reply addresses and unsubscribe links are signed.
    signingKey(),
    sesSending(),
    templates(),
  ],
});
