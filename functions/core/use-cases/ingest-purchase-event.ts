/**
 * Takes one verified purchase event into the pipeline: merges it into the order's state with
 * one conditional write (a delivery seen before is a duplicate and writes nothing). The table's
 * stream carries the change on to planning (plan-follow-ups), so the store's webhook is
 * answered after that single write. Redact events erase the customer's or the store's data
 * instead.
 */
import { customerKey as deriveCustomerKey } from '../domain/keys.ts';
import { orderRef, type OrderEvent, type PurchaseEvent, type RedactCustomerEvent } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Clock, CustomerStore, Logger, OrderStore, WebhookLedger } from '../ports.ts';

export interface IngestDeps {
  orders: OrderStore;
  ledger: WebhookLedger;
  customers: CustomerStore;
  clock: Clock;
  logger: Logger;
}

export type IngestResult = 'accepted' | 'duplicate';

export async function ingestPurchaseEvent(
  deps: IngestDeps,
  input: { store: StoreConfig; event: PurchaseEvent },
): Promise<IngestResult> {
  const { store, event } = input;
  switch (event.kind) {
    case 'order':
      return ingestOrder(deps, store, event);
    case 'redact-customer':
      return redactCustomer(deps, store, event);
    case 'redact-store':
      return redactStore(deps, store, event.dedupeKeys);
  }
}

async function ingestOrder(deps: IngestDeps, store: StoreConfig, event: OrderEvent): Promise<IngestResult> {
  const snapshot = event.snapshot;
  const result = await deps.orders.apply({
    storeId: store.id,
    event,
    customerKey: snapshot?.email ? deriveCustomerKey(store.id, snapshot.email) : null,
  });
  deps.logger.info('purchase event taken in', {
    storeId: store.id,
    platform: event.platform,
    topic: event.topic,
    orderId: event.orderId,
    outcome: result,
  });
  return result === 'applied' ? 'accepted' : 'duplicate';
}

async function redactCustomer(deps: IngestDeps, store: StoreConfig, event: RedactCustomerEvent): Promise<IngestResult> {
  if (!(await deps.ledger.record(store.id, event.dedupeKeys, deps.clock.now().toISOString()))) return 'duplicate';
  const refs = new Set(event.orderIds.map((id) => orderRef(event.platform, id)));
  if (event.email) {
    const key = deriveCustomerKey(store.id, event.email);
    const file = await deps.customers.load(key);
    file.profile?.countedOrders.forEach((r) => refs.add(r));
    file.notes.forEach((n) => Object.keys(n.orders).forEach((r) => refs.add(r)));
    await deps.customers.erase(key);
  }
  await deps.orders.delete(store.id, [...refs]);
  deps.logger.info('customer data erased', { storeId: store.id, orders: refs.size });
  return 'accepted';
}

async function redactStore(deps: IngestDeps, store: StoreConfig, dedupeKeys: string[]): Promise<IngestResult> {
  if (!(await deps.ledger.record(store.id, dedupeKeys, deps.clock.now().toISOString()))) return 'duplicate';
  const erased = await deps.ledger.eraseStore(store.id);
  deps.logger.info('store data erased', { storeId: store.id, items: erased });
  return 'accepted';
}
