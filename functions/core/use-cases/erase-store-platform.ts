/**
 * A platform's data of a store goes (Shopify's shop/redact, 48 hours after the app is removed).
 * It names one platform of one store, and touches nothing else: a store that also sells through
 * WooCommerce or Stripe keeps those customers, orders and conversations.
 *
 * 1. Scan for what the store holds (a rare job: no index is worth keeping for it).
 * 2. Only this platform connected: every customer of the store goes, every order, and the store's
 *    own unsubscribe list.
 * 3. Otherwise: each customer with orders from this platform loses what came from it (their
 *    whole record when nothing of another platform is left), and those orders go.
 * Erasing again is harmless, so the caller records completion only after this returns.
 */
import { mapConcurrent } from '../concurrency.ts';
import { PLATFORMS, type Platform } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import { carryOut, type EraseDeps } from './erase-customer.ts';

/** Customers erased at once: enough to overlap the round trips, few enough to stay under the table's limits. */
const PARALLEL = 4;

export async function eraseStorePlatform(
  deps: EraseDeps,
  input: { store: StoreConfig; platform: Platform; by: string },
): Promise<{ customers: number; orders: number }> {
  const { store, platform } = input;
  const holdings = await deps.privacy.storeHoldings(store.id);
  const connected = PLATFORMS.filter((p) => store.platforms[p]);
  const whole = connected.every((p) => p === platform);
  const customers = whole
    ? holdings.customerKeys
    : [...new Set(holdings.orders.flatMap((o) => (o.platform === platform && o.customerKey ? [o.customerKey] : [])))];

  await mapConcurrent(customers, PARALLEL, async (customerKey) => {
    const items = await deps.privacy.gather(store.id, customerKey, []);
    await carryOut(deps, { store, customerKey, scope: whole ? 'all' : platform, by: input.by }, items);
  });
  // Orders that name no customer (no address on them), and with the whole store its own lists.
  const loose = holdings.orders.filter((o) => !o.customerKey && (whole || o.platform === platform)).map((o) => o.ref);
  if (loose.length) {
    const items = await deps.privacy.gather(store.id, null, loose);
    await carryOut(deps, { store, customerKey: null, scope: 'all', by: input.by }, items);
  }
  if (whole) await deps.privacy.erase(holdings.storeKeys, []);
  const orders = holdings.orders.filter((o) => whole || o.platform === platform).length;
  deps.logger.info('store platform data erased', { storeId: store.id, platform, whole, customers: customers.length, orders });
  return { customers: customers.length, orders };
}
