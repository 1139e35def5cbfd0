import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { table } from '../shared/parts/table.ts';

/** SES send, bounce and complaint events, through SNS. */
export const sesEvents = declareFunction({
  name: 'ses-events',
  description: 'SES send, bounce and complaint events',
  timeoutSeconds: 30,
  parts: [
    // suppressions.add (Put), notes.settleFromSendEvent (Get, then Update), escalations.noticeSent (Update).
    table({
      items: ['PutItem', 'GetItem', 'UpdateItem'],
      stores: { suppressions: DynamoSuppressionStore, notes: DynamoNoteStore, escalations: DynamoEscalationStore },
    }),
  ],
});
