import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoInboundStore } from '../adapters/dynamodb/inbound-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { INBOUND_PREFIX } from '../adapters/s3/raw-mail-bucket.ts';
import { inboundBucket } from '../shared/parts/inbound-bucket.ts';
import { signingKey } from '../shared/parts/secrets.ts';
import { sendQueue } from '../shared/parts/send-queue.ts';
import { table } from '../shared/parts/table.ts';

/**
 * Lambda invokes it again this many times when an invocation fails (SES's receipt rule invokes
 * it asynchronously), with the same event and request id. The stack and the local runtime both
 * take it from here.
 */
export const RECEIVE_RETRY_ATTEMPTS = 2;

/** SES receiving: each reply read, classified and kept; a problem opens an escalation. */
export const receiveMail = declareFunction({
  name: 'receive-mail',
  description: 'Customer replies from SES receiving',
  timeoutSeconds: 60,
  parts: [
    // inbound.begin (Put)/finish/release (Update), notes.get (Get)/resume (Update), customers.load
    // (Query)/recordReply (Put, Update)/openEscalation/closeEscalation (Update)/queueOutbound (Put)/
    // getOutbound (Get), suppressions.add (Put), orders.getMany (BatchGet), escalations.get (Get)/
    // create (Put)/save (Update), conversations.get/save, digests.ensure.
    table({
      items: ['PutItem', 'UpdateItem', 'GetItem', 'Query', 'BatchGetItem'],
      stores: { inbound: DynamoInboundStore, customers: DynamoCustomerStore, notes: DynamoNoteStore, suppressions: DynamoSuppressionStore, orders: DynamoOrderStore, escalations: DynamoEscalationStore, conversations: DynamoConversationStore, digests: DynamoDigestStore },
    }),
    // Reply addresses are signed.
    signingKey(),
    // Reading the mail, and filing it under its store (a tag that store's lifecycle rule reads).
    inboundBucket({
      prefixes: { [INBOUND_PREFIX]: ['GetObject', 'PutObjectTagging'] },
      reason: "SES names each object after its message id, known only when mail arrives; the function files it under its store (a tag) for that store's lifecycle rule.",
    }),
    // Notices, refusals and staff answers go on the queue; send-mail emails them.
    sendQueue(),
  ],
});
