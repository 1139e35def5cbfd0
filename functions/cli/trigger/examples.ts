/**
 * The example payloads in `examples/webhooks/<platform>/`, one for every topic (Stripe: event
 * type) the product reads, and a fresh delivery built from one: a new order (or the one asked
 * for) and a new event id, so that each trigger is a new purchase event rather than a repeat.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Platform } from '../../core/domain/purchase.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/webhooks/', import.meta.url));

/** `examples/webhooks/shopify/orders-paid.json`, `…/stripe/charge.refunded.json`. */
export function examplePath(platform: Platform, topic: string): string {
  return `${EXAMPLES_DIR}${platform}/${topic.replaceAll('/', '-')}.json`;
}

export interface Identity {
  /** The platform's order id: Shopify and WooCommerce number it, Stripe names the PaymentIntent. */
  orderId?: string;
  /** The customer's address. */
  email?: string;
}

/**
 * The example for this topic with a fresh identity, sent as `sentAs` (a topic the product does
 * not read carries another topic's example). Example files hold only ids below 2^53.
 */
export function examplePayload(platform: Platform, topic: string, identity: Identity = {}, sentAs: string = topic): string {
  const payload = JSON.parse(readFileSync(examplePath(platform, topic), 'utf8')) as Json;
  // A Stripe event names its type in the body; the other platforms name the topic in a header.
  if (platform === 'stripe') payload.type = sentAs;
  const orderId = identity.orderId ?? newOrderId(platform);
  const email = identity.email;
  switch (platform) {
    case 'shopify':
      shopify(topic, payload, orderId, email);
      break;
    case 'woocommerce':
      woocommerce(payload, orderId, email);
      break;
    case 'stripe':
      stripe(payload, orderId, email);
      break;
  }
  return `${JSON.stringify(payload, null, 2)}\n`;
}

type Json = Record<string, any>;

function newOrderId(platform: Platform): string {
  switch (platform) {
    case 'shopify':
      return String(5_000_000_000_000 + randomInt(0, 2 ** 40));
    case 'woocommerce':
      return String(randomInt(10_000, 1_000_000));
    case 'stripe':
      return `pi_3${token(23)}`;
  }
}

function shopify(topic: string, payload: Json, orderId: string, email: string | undefined): void {
  const id = asNumber(orderId);
  const orderNumber = 1000 + (Number(orderId.slice(-6)) % 9000);
  if (topic.startsWith('orders/')) {
    Object.assign(payload, {
      id,
      admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
      name: `#${orderNumber}`,
      order_number: orderNumber,
      number: orderNumber - 1000,
      confirmation_number: token(9).toUpperCase(),
    });
    for (const child of [...(payload.fulfillments ?? []), ...(payload.refunds ?? [])]) child.order_id = id;
    if (email) {
      payload.email = email;
      payload.contact_email = email;
      if (payload.customer) payload.customer.email = email;
    }
  } else if (topic.startsWith('fulfillments/') || topic === 'refunds/create') {
    payload.id = randomInt(1_000_000_000, 2 ** 47);
    payload.order_id = id;
    if (topic.startsWith('fulfillments/')) payload.name = `#${orderNumber}.1`;
    if (email && 'email' in payload) payload.email = email;
  } else if (topic === 'customers/redact') {
    payload.orders_to_redact = [id];
    if (email) payload.customer.email = email;
  }
}

function woocommerce(payload: Json, orderId: string, email: string | undefined): void {
  payload.id = asNumber(orderId);
  payload.number = orderId;
  payload.order_key = `wc_order_${token(13)}`;
  if (email && payload.billing) payload.billing.email = email;
}

function stripe(event: Json, orderId: string, email: string | undefined): void {
  event.id = `evt_${token(24)}`;
  event.livemode = false;
  const object = event.data.object as Json;
  object.livemode = false;
  object.payment_intent = orderId;
  if (object.object === 'checkout.session') {
    object.id = `cs_test_${token(58)}`;
    if (email) {
      if (object.customer_details) object.customer_details.email = email;
      if (object.customer_email) object.customer_email = email;
    }
  } else if (object.object === 'charge') {
    object.id = `ch_3${token(23)}`;
    if (email) {
      if (object.billing_details) object.billing_details.email = email;
      if (object.receipt_email) object.receipt_email = email;
    }
  }
}

/** Numbers stay numbers in the JSON, as the platforms send them, while they are safe integers. */
function asNumber(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function token(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}
