/**
 * Signed Shopify orders/create deliveries, as a store would send them: one distinct order and
 * customer each, 1–3 line items (≈ 7–9 KB bodies), signed with the store's secret.
 */
import { randomUUID } from 'node:crypto';
import { shopifyOrder } from '../tests/support/purchases.ts';
import { shopifyHeaders } from '../tests/support/sign-webhook.ts';
import type { LoadRequest } from './http-load.ts';

const PRODUCTS = [
  { title: 'Brass Desk Lamp', variant: null, price: '89.00' },
  { title: 'Linen Duvet Cover', variant: 'Queen / Sage', price: '149.00' },
  { title: 'Stoneware Mug Set', variant: 'Set of 4', price: '42.00' },
  { title: 'Walnut Serving Board', variant: null, price: '64.00' },
  { title: 'Wool Throw', variant: 'Charcoal', price: '118.00' },
];
const NAMES = ['Maya', 'Jonas', 'Amélie', 'Priya', 'Tom', 'Lucía', 'Kenji', 'Ava'];

export interface Delivery extends LoadRequest {
  orderId: string;
  email: string;
}

export function shopifyDeliveries(input: { count: number; runId: string; at: string; secret: string; firstOrderId: number }): Delivery[] {
  const deliveries: Delivery[] = [];
  for (let i = 0; i < input.count; i += 1) {
    const orderId = String(input.firstOrderId + i);
    const email = `buyer-${input.runId}-${i}@example.com`;
    const items = Array.from({ length: 1 + (i % 3) }, (_, k) => {
      const p = PRODUCTS[(i + k) % PRODUCTS.length]!;
      return { title: p.title, variant: p.variant, quantity: 1 + ((i + k) % 2), price: p.price };
    });
    const body = JSON.stringify(shopifyOrder({ id: orderId, email, firstName: NAMES[i % NAMES.length]!, at: input.at, items }));
    const headers = shopifyHeaders('orders/create', body, input.secret, { webhookId: randomUUID() });
    deliveries.push({ path: '/webhooks/shopify', headers, body, orderId, email });
  }
  return deliveries;
}
