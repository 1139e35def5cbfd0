import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { table } from '../shared/parts/table.ts';

/** The table's stream: every change to an order brings the customer's notes in line with it. */
export const planFollowUps = declareFunction({
  name: 'plan-follow-ups',
  description: 'Order changes (table stream) to planned notes',
  timeoutSeconds: 60,
  parts: [
    // orders.get (Get), customers.load (Query), countOrder/uncountOrder (Update), ensureProfile (Put),
    // notes.create (Put), replan/cancelPlanned (Update). Reading the stream is the event source's grant.
    table({
      items: ['GetItem', 'Query', 'UpdateItem', 'PutItem'],
      stores: { orders: DynamoOrderStore, customers: DynamoCustomerStore, notes: DynamoNoteStore },
    }),
  ],
});
