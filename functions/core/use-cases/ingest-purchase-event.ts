/**
 * Takes one verified purchase event into the pipeline: merges it into the order's state with
 * one conditional write (a delivery seen before is a duplicate and writes nothing). The table's
 * stream carries the change on to planning (plan-follow-ups), so the store's webhook is
 * answered after that single write. An order too large for an item is stored fitted, its whole
 * payload kept aside first.
 *
 * The privacy topics (erase a customer, erase what a platform brought to the store, export a
 * customer's data) are stored as a request and answered at once; the table's stream carries the
 * request on to privacy-requests, which does the work (carry-out-privacy-request.ts). A delivery
 * is "duplicate" only once its work is done: one taken in but not done yet is taken in again.
 */
import { fitSnapshot } from '../domain/item-size.ts';
import { customerKey as deriveCustomerKey, dedupeDigest } from '../domain/keys.ts';
import type { PrivacyEvent } from '../domain/privacy-request.ts';
import type { OrderEvent, PurchaseEvent } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Clock, FileStore, Logger, OrderStore, PrivacyRequestStore, WebhookLedger } from '../ports.ts';

export interface IngestDeps {
  orders: OrderStore;
  ledger: WebhookLedger;
  privacyRequests: PrivacyRequestStore;
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
    case 'redact-store':
    case 'data-request':
      return takePrivacyRequest(deps, store, event);
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

/** Stores a privacy delivery for privacy-requests, unless its work was done before. */
async function takePrivacyRequest(deps: IngestDeps, store: StoreConfig, event: PrivacyEvent): Promise<IngestResult> {
  if (await deps.ledger.seen(store.id, event.dedupeKeys)) return 'duplicate';
  await deps.privacyRequests.submit({ storeId: store.id, event, receivedAt: deps.clock.now().toISOString() });
  deps.logger.info('privacy request taken in', { storeId: store.id, platform: event.platform, topic: event.topic });
  return 'accepted';
}
