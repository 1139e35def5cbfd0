/**
 * Realistic platform payloads for end-to-end tests: the fixtures of tests/fixtures/webhooks with
 * the fields a scenario cares about replaced (customer, ids, times, status).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../fixtures/webhooks/', import.meta.url));

export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(`${fixtures}${path}`, 'utf8')) as T;
}

type Json = Record<string, any>;

export interface ShopifyOrderInput {
  id: string;
  email: string;
  firstName?: string | null;
  locale?: string;
  /** ISO time of the order. */
  at: string;
  financialStatus?: 'paid' | 'pending' | 'refunded' | 'voided';
  cancelledAt?: string | null;
  fulfillmentStatus?: 'fulfilled' | null;
  address?: { country: string; province?: string; latitude?: number | null; longitude?: number | null; city?: string };
  items?: Array<{ title: string; variant?: string | null; quantity?: number; price?: string }>;
  total?: string;
  currency?: string;
  name?: string;
}

/** A Shopify order resource (orders/create, orders/paid, orders/cancelled …). */
export function shopifyOrder(input: ShopifyOrderInput): Json {
  const order = fixture<Json>('shopify/orders-create.json');
  const items = input.items ?? [{ title: 'Brass Desk Lamp', variant: null, quantity: 1, price: '89.00' }];
  const total = input.total ?? items.reduce((sum, i) => sum + Number(i.price ?? '10.00') * (i.quantity ?? 1), 0).toFixed(2);
  Object.assign(order, {
    id: Number(input.id),
    admin_graphql_api_id: `gid://shopify/Order/${input.id}`,
    name: input.name ?? `#${input.id.slice(-4)}`,
    email: input.email,
    contact_email: input.email,
    customer_locale: input.locale ?? 'en',
    created_at: input.at,
    processed_at: input.at,
    updated_at: input.at,
    financial_status: input.financialStatus ?? 'paid',
    cancelled_at: input.cancelledAt ?? null,
    cancel_reason: input.cancelledAt ? 'customer' : null,
    fulfillment_status: input.fulfillmentStatus ?? null,
    currency: input.currency ?? 'USD',
    total_price: total,
    test: false,
  });
  order.customer = { ...order.customer, email: input.email, first_name: input.firstName === undefined ? 'Maya' : input.firstName };
  const address = input.address ?? { country: 'US', province: 'NY', latitude: null, longitude: null, city: 'New York' };
  order.shipping_address = {
    ...order.shipping_address,
    first_name: input.firstName ?? null,
    country_code: address.country,
    province_code: address.province ?? null,
    city: address.city ?? null,
    latitude: address.latitude ?? null,
    longitude: address.longitude ?? null,
  };
  order.billing_address = { ...order.shipping_address };
  const template = order.line_items[0];
  order.line_items = items.map((item, i) => ({
    ...template,
    id: 1000 + i,
    title: item.title,
    name: item.variant ? `${item.title} - ${item.variant}` : item.title,
    variant_title: item.variant ?? null,
    quantity: item.quantity ?? 1,
    price: item.price ?? '10.00',
  }));
  order.fulfillments = [];
  order.refunds = [];
  return order;
}

/** A Shopify fulfillment resource (fulfillments/create, fulfillments/update). */
export function shopifyFulfillment(input: { orderId: string; at: string; shipmentStatus: string | null; id?: string }): Json {
  const f = fixture<Json>('shopify/fulfillments-update-delivered.json');
  return {
    ...f,
    id: Number(input.id ?? `${input.orderId.slice(-6)}1`),
    order_id: Number(input.orderId),
    created_at: input.at,
    updated_at: input.at,
    shipment_status: input.shipmentStatus,
    status: 'success',
  };
}

/** A Shopify refund resource (refunds/create). */
export function shopifyRefund(input: { orderId: string; at: string; id?: string }): Json {
  const r = fixture<Json>('shopify/refunds-create.json');
  return { ...r, id: Number(input.id ?? `${input.orderId.slice(-6)}9`), order_id: Number(input.orderId), created_at: input.at, processed_at: input.at };
}

/** A WooCommerce REST v3 order. Dates are GMT without a zone, as WooCommerce writes them. */
export function wooOrder(input: { id: number; email: string; firstName: string; status: string; at: string; language?: string; country?: string }): Json {
  const o = fixture<Json>('woocommerce/order-updated-processing.json');
  const gmt = input.at.replace(/\.\d+Z$|Z$/, '');
  return {
    ...o,
    id: input.id,
    number: String(input.id),
    status: input.status,
    date_created_gmt: gmt,
    date_modified_gmt: gmt,
    date_paid_gmt: input.status === 'pending' ? null : gmt,
    date_completed_gmt: input.status === 'completed' ? gmt : null,
    billing: { ...o.billing, email: input.email, first_name: input.firstName, country: input.country ?? o.billing.country },
    shipping: { ...o.shipping, first_name: input.firstName, country: input.country ?? o.shipping.country },
    meta_data: input.language ? [{ id: 1, key: 'wpml_language', value: input.language }] : [],
  };
}

/** A Stripe checkout.session.completed event. */
export function stripeCheckout(input: { eventId: string; paymentIntent: string; email: string; name: string; at: string; locale?: string; paid?: boolean }): Json {
  const e = fixture<Json>('stripe/checkout-session-completed-paid.json');
  const created = Math.floor(Date.parse(input.at) / 1000);
  return {
    ...e,
    id: input.eventId,
    created,
    data: {
      ...e.data,
      object: {
        ...e.data.object,
        created,
        payment_intent: input.paymentIntent,
        payment_status: input.paid === false ? 'unpaid' : 'paid',
        customer_email: input.email,
        customer_details: { ...e.data.object.customer_details, email: input.email, name: input.name },
        locale: input.locale ?? 'auto',
      },
    },
  };
}

/** A Stripe charge.refunded event. */
export function stripeRefund(input: { eventId: string; paymentIntent: string; at: string }): Json {
  const e = fixture<Json>('stripe/charge-refunded.json');
  const created = Math.floor(Date.parse(input.at) / 1000);
  return { ...e, id: input.eventId, created, data: { ...e.data, object: { ...e.data.object, payment_intent: input.paymentIntent, refunded: true } } };
}
