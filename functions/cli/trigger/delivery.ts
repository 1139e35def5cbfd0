/**
 * A webhook delivery as each platform sends it: the body's exact bytes and the headers, signed
 * with the store's secret the way the platform signs (Shopify and WooCommerce: base64
 * HMAC-SHA256 of the body; Stripe: hex HMAC-SHA256 of "t.body" in `Stripe-Signature`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Platform } from '../../core/domain/purchase.ts';
import type { StoreConfig } from '../../core/domain/store.ts';
import { hmacSha256 } from '../../adapters/webhooks/signatures.ts';
import { wpSpecialcharsDecode } from '../../adapters/webhooks/woocommerce.ts';

export interface Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

export function signedDelivery(input: {
  platform: Platform;
  topic: string;
  body: Buffer;
  secret: string;
  store: StoreConfig;
  now: Date;
}): Delivery {
  const { body, secret, store, now } = input;
  switch (input.platform) {
    case 'shopify':
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Shopify-Captain-Hook',
          'x-shopify-topic': input.topic,
          'x-shopify-hmac-sha256': hmacSha256(secret, body).toString('base64'),
          'x-shopify-shop-domain': store.platforms.shopify?.shopDomain ?? `${store.id}.myshopify.com`,
          'x-shopify-api-version': '2025-10',
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-event-id': randomUUID(),
          'x-shopify-triggered-at': now.toISOString(),
        },
      };
    case 'woocommerce': {
      const [resource = 'order', event = 'updated'] = input.topic.split('.');
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
          'x-wc-webhook-source': store.platforms.woocommerce?.sourceUrl ?? `https://${store.id}.example/`,
          'x-wc-webhook-topic': input.topic,
          'x-wc-webhook-resource': resource,
          'x-wc-webhook-event': event,
          // WooCommerce keys the HMAC with the secret after decoding HTML entities in it.
          'x-wc-webhook-signature': hmacSha256(wpSpecialcharsDecode(secret), body).toString('base64'),
          'x-wc-webhook-id': '1',
          'x-wc-webhook-delivery-id': randomBytes(16).toString('hex'),
        },
      };
    }
    case 'stripe': {
      const t = Math.floor(now.getTime() / 1000);
      return {
        body,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': `t=${t},v1=${hmacSha256(secret, `${t}.`, body).toString('hex')}`,
        },
      };
    }
  }
}
