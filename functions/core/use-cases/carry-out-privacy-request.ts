/**
 * Carries out one privacy request the webhook took in: erases a customer, erases what a platform
 * brought to the store, or exports a customer's data to the store's owner. The delivery is
 * recorded as done only once its work is done, so a request that failed half-way is offered
 * again (the table's stream) and done again, never skipped; a request done before is only
 * forgotten.
 */
import type { PrivacyRequest } from '../domain/privacy-request.ts';
import { orderRef, type DataRequestEvent, type RedactCustomerEvent, type RedactStoreEvent } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { CustomerStore, PrivacyRequestStore, WebhookLedger } from '../ports.ts';
import { eraseCustomer } from './erase-customer.ts';
import { eraseStorePlatform } from './erase-store-platform.ts';
import { exportCustomerData, type ExportDeps } from './export-customer-data.ts';

export interface PrivacyRequestDeps extends ExportDeps {
  customers: CustomerStore;
  ledger: WebhookLedger;
  privacyRequests: PrivacyRequestStore;
}

export type PrivacyOutcome = 'done' | 'done-before';

export async function carryOutPrivacyRequest(deps: PrivacyRequestDeps, store: StoreConfig, request: PrivacyRequest): Promise<PrivacyOutcome> {
  const { event } = request;
  if (await deps.ledger.seen(store.id, event.dedupeKeys)) {
    await deps.privacyRequests.done(request);
    return 'done-before';
  }
  switch (event.kind) {
    case 'redact-customer':
      await redactCustomer(deps, store, event);
      break;
    case 'redact-store':
      await redactStore(deps, store, event);
      break;
    case 'data-request':
      await exportForRequest(deps, store, event);
      break;
  }
  await deps.ledger.record(store.id, event.dedupeKeys, deps.clock.now().toISOString());
  await deps.privacyRequests.done(request);
  deps.logger.info('privacy request carried out', { storeId: store.id, platform: event.platform, topic: event.topic });
  return 'done';
}

async function redactCustomer(deps: PrivacyRequestDeps, store: StoreConfig, event: RedactCustomerEvent): Promise<void> {
  await eraseCustomer(deps, {
    store,
    email: event.email,
    orderRefs: event.orderIds.map((id) => orderRef(event.platform, id)),
    scope: 'all',
    by: `${platformName(event.platform)} ${event.topic}`,
  });
}

async function redactStore(deps: PrivacyRequestDeps, store: StoreConfig, event: RedactStoreEvent): Promise<void> {
  await eraseStorePlatform(deps, { store, platform: event.platform, by: `${platformName(event.platform)} ${event.topic}` });
}

async function exportForRequest(deps: PrivacyRequestDeps, store: StoreConfig, event: DataRequestEvent): Promise<void> {
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
