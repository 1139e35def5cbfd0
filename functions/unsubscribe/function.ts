import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { declareFunction } from '../shared/declaration.ts';
import { signingKey } from '../shared/parts/secrets.ts';
import { table } from '../shared/parts/table.ts';

/** GET and POST /unsubscribe: the page, and RFC 8058 one-click. */
export const unsubscribe = declareFunction({
  name: 'unsubscribe',
  description: 'Unsubscribe page and RFC 8058 one-click',
  timeoutSeconds: 10,
  parts: [
    // customers.load (Query), suppressions.add (Put).
    table({
      items: ['Query', 'PutItem'],
      stores: { customers: DynamoCustomerStore, suppressions: DynamoSuppressionStore },
    }),
    signingKey(),
  ],
});
