/**
 * Takes one verified purchase event into the pipeline: merges it into the order's state with
 * one conditional write (a delivery seen before is a duplicate and writes nothing). The table's
 * stream carries the change on to planning (plan-follow-ups), so the store's webhook is
 * answered after that single write. An order too large for an item is stored fitted, its whole
 * payload kept aside first.
 *
 * The privacy topics erase a customer, erase what a platform brought to the store, or export a
 * customer's data to the store's owner. Each is recorded as done only once it is done, so a
 * delivery that failed half-way is done again on the platform's retry, never skipped.
 */
import { fitSnapshot } from '../domain/item-size.ts';
import { customerKey as deriveCustomerKey, dedupeDigest } from '../domain/keys.ts';
import { orderRef, type DataRequestEvent, type OrderEvent, type PurchaseEvent, type RedactCustomerEvent, type RedactStoreEvent } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Clock, CustomerStore, FileStore, Logger, OrderStore, WebhookLedger } from '../ports.ts';
import { eraseCustomer } from './erase-customer.ts';
import { eraseStorePlatform } from './erase-store-platform.ts';
import { exportCustomerData, type ExportDeps } from './export-customer-data.ts';

export interface IngestDeps extends ExportDeps {
  orders: OrderStore;
  ledger: WebhookLedger;
  customers: CustomerStore;
  files: FileStore;
  clock: Clock;
  logger: Logger;
}

export type IngestResult = 'accepted' | 'duplicate';

export async function ingestPurchaseEvent(
  deps: IngestDeps,
  input: { store: StoreConfig; event: PurchaseEvent; payload?: Buffer },
): Promise<IngestResult> {
  const { store, event } = input;
  switch (event.kind) {
    case 'order':
      return ingestOrder(deps, store, event, input.payload);
    case 'redact-customer':
      return once(deps, store, event, () => redactCustomer(deps, store, event));
    case 'redact-store':
      return once(deps, store, event, () => redactStore(deps, store, event));
    case 'data-request':
      return once(deps, store, event, () => exportForRequest(deps, store, event));
  }
}

async function ingestOrder(deps: IngestDeps, store: StoreConfig, event: OrderEvent, payload: Buffer | undefined): Promise<IngestResult> {
  const snapshot = event.snapshot;
  const fitted = snapshot && fitSnapshot(snapshot);
  // Kept before the order is written: a retry after a failure writes the same file again.
  const payloadKey = fitted?.trimmed && payload ? payloadKeyOf(store.id, event) : undefined;
  if (payloadKey) await deps.files.put(payloadKey, payload!, 'application/json');
  const result = await deps.orders.apply({
    storeId: store.id,
    event: fitted ? { ...event, snapshot: fitted.snapshot } : event,
    customerKey: snapshot?.email ? deriveCustomerKey(store.id, snapshot.email) : null,
    ...(payloadKey && { payloadKey }),
  });
  deps.logger.info('purchase event taken in', {
    storeId: store.id,
    platform: event.platform,
    topic: event.topic,
    orderId: event.orderId,
    outcome: result,
    ...(fitted?.trimmed && { itemsOmitted: fitted.snapshot.itemsOmitted ?? 0, payloadKept: Boolean(payloadKey) }),
  });
  return result === 'applied' ? 'accepted' : 'duplicate';
}

/** `payloads/<store>/<platform>/<order id>/<delivery>.json`: one file per delivery, expiring with the store's orders. */
function payloadKeyOf(storeId: string, event: OrderEvent): string {
  const orderId = event.orderId.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `payloads/${storeId}/${event.platform}/${orderId}/${dedupeDigest(event.dedupeKeys[0]!)}.json`;
}

/** Runs a privacy delivery's work unless it was completed before, and records it once completed. */
async function once(deps: IngestDeps, store: StoreConfig, event: { dedupeKeys: string[] }, work: () => Promise<void>): Promise<IngestResult> {
  if (await deps.ledger.seen(store.id, event.dedupeKeys)) return 'duplicate';
  await work();
  await deps.ledger.record(store.id, event.dedupeKeys, deps.clock.now().toISOString());
  return 'accepted';
}

async function redactCustomer(deps: IngestDeps, store: StoreConfig, event: RedactCustomerEvent): Promise<void> {
  await eraseCustomer(deps, {
    store,
    email: event.email,
    orderRefs: event.orderIds.map((id) => orderRef(event.platform, id)),
    scope: 'all',
    by: `${platformName(event.platform)} ${event.topic}`,
  });
}

async function redactStore(deps: IngestDeps, store: StoreConfig, event: RedactStoreEvent): Promise<void> {
  await eraseStorePlatform(deps, { store, platform: event.platform, by: `${platformName(event.platform)} ${event.topic}` });
}

async function exportForRequest(deps: IngestDeps, store: StoreConfig, event: DataRequestEvent): Promise<void> {
  await exportCustomerData(deps, {
    store,
    email: event.email,
    orderRefs: event.orderIds.map((id) => orderRef(event.platform, id)),
    by: platformName(event.platform),
    ...(event.requestId && { requestId: event.requestId }),
    notify: true,
  });
}

function platformName(platform: string): string {
  return { shopify: 'Shopify', woocommerce: 'WooCommerce', stripe: 'Stripe' }[platform] ?? platform;
}
