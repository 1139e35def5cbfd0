/**
 * Signs webhook bodies the way each platform does, and builds the header set of a realistic
 * delivery (lower-case names, as HTTP API payload v2 and Function URLs deliver them).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

type Body = string | Buffer;

/** Shopify: base64 HMAC-SHA256 of the raw body, keyed with the app's client secret. */
export function signShopify(body: Body, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * WooCommerce: the same algorithm. `secret` is the key WooCommerce uses, i.e. after its own
 * entity decoding ("p&ss" for a secret stored as "p&amp;ss").
 */
export function signWoo(body: Body, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Stripe: the `stripe-signature` header value, `t=<seconds>,v1=<hex HMAC of "t.body">`. */
export function signStripe(body: Body, secret: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

export interface ShopifyDeliveryOptions {
  shopDomain?: string;
  /** Unique per delivery, kept across retries. Default: derived from topic and body. */
  webhookId?: string;
  /** The merchant action behind the delivery. Default: derived from topic and body. */
  eventId?: string;
  triggeredAt?: string;
  apiVersion?: string;
}

export function shopifyHeaders(
  topic: string,
  body: Body,
  secret: string,
  opts: ShopifyDeliveryOptions = {},
): Record<string, string> {
  const seed = `${topic}\n${typeof body === 'string' ? body : body.toString('utf8')}`;
  return {
    'content-type': 'application/json',
    'user-agent': 'Shopify-Captain-Hook',
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': signShopify(body, secret),
    'x-shopify-shop-domain': opts.shopDomain ?? 'northwind-home.myshopify.com',
    'x-shopify-api-version': opts.apiVersion ?? '2025-10',
    'x-shopify-webhook-id': opts.webhookId ?? uuidFrom(`webhook\n${seed}`),
    'x-shopify-event-id': opts.eventId ?? uuidFrom(`event\n${seed}`),
    'x-shopify-triggered-at': opts.triggeredAt ?? '2026-03-02T18:14:35.412893011Z',
  };
}

export interface WooDeliveryOptions {
  sourceUrl?: string;
  webhookId?: number;
  /** New on every delivery in WooCommerce. Default: random. */
  deliveryId?: string;
}

export function wooHeaders(topic: string, body: Body, secret: string, opts: WooDeliveryOptions = {}): Record<string, string> {
  const [resource = 'order', event = 'updated'] = topic.split('.');
  return {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
    'x-wc-webhook-source': opts.sourceUrl ?? 'https://atelier-lumiere.example/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-signature': signWoo(body, secret),
    'x-wc-webhook-id': String(opts.webhookId ?? 12),
    'x-wc-webhook-delivery-id': opts.deliveryId ?? randomBytes(16).toString('hex'),
  };
}

/** The unsigned form POST WooCommerce sends when a webhook is saved. */
export function wooPing(webhookId = 12): { headers: Record<string, string>; body: Buffer } {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
    },
    body: Buffer.from(`webhook_id=${webhookId}`),
  };
}

export function stripeHeaders(body: Body, secret: string, t: number): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    accept: '*/*; q=0.5, application/xml',
    'cache-control': 'no-cache',
    'stripe-signature': signStripe(body, secret, t),
  };
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
