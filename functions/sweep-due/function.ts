import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { DUE_INDEX } from '../adapters/dynamodb/table-schema.ts';
import { sendQueue } from '../shared/parts/send-queue.ts';
import { table } from '../shared/parts/table.ts';

/** Every minute: hands due notes and overdue escalations to the send queue. */
export const sweepDue = declareFunction({
  name: 'sweep-due',
  description: 'Every minute: due notes to the send queue',
  timeoutSeconds: 60,
  parts: [
    // notes.findDue reads the due index; notes.markQueued and escalations.markQueued update.
    table({
      items: ['UpdateItem'],
      indexes: [DUE_INDEX.name],
      stores: { notes: DynamoNoteStore, escalations: DynamoEscalationStore, conversations: DynamoConversationStore, digests: DynamoDigestStore },
    }),
    sendQueue(),
  ],
});
