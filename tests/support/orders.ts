/** Canonical orders for tests, in the shape the stores keep them. */
import { customerKey } from '../../functions/core/domain/keys.ts';
import type { OrderSnapshot, OrderState } from '../../functions/core/domain/purchase.ts';

export function snapshot(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    orderName: '#1001',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    locale: 'en',
    address: { country: 'US', region: 'NY', city: 'New York', latitude: null, longitude: null },
    items: [{ title: 'Brass Desk Lamp', variant: null, quantity: 1, sku: 'LAMP-1', productId: '1', unitPriceMinor: 8900 }],
    totalMinor: 8900,
    currency: 'USD',
    createdAt: '2026-11-23T14:00:00.000Z',
    test: false,
    ...overrides,
  };
}

export function orderState(overrides: Partial<OrderState> = {}, snap: Partial<OrderSnapshot> = {}): OrderState {
  const s = snapshot(snap);
  return {
    storeId: 'northwind',
    platform: 'shopify',
    orderId: '1001',
    snapshot: s,
    snapshotAt: s.createdAt,
    facts: { paidAt: s.createdAt },
    shipment: null,
    customerKey: s.email ? customerKey('northwind', s.email) : null,
    ...overrides,
  };
}
