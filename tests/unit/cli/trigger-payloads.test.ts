import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../functions/adapters/webhooks/index.ts';
import { PLATFORMS, type Platform } from '../../../functions/core/domain/purchase.ts';
import { signedDelivery } from '../../../functions/cli/trigger/delivery.ts';
import { EXAMPLES_DIR, examplePath, examplePayload } from '../../../functions/cli/trigger/examples.ts';
import { eventTime, redate } from '../../../functions/cli/trigger/redate.ts';
import { localSecretValues } from '../../../functions/local/webhook-secrets.ts';
import { testConfig, testStore } from '../../support/stores.ts';

const NOW = new Date('2031-02-03T04:05:06.000Z');

function parse(platform: Platform, topic: string, body: string) {
  const delivery = signedDelivery({ platform, topic, body: Buffer.from(body), secret: 's', store: testStore(), now: NOW });
  return adapterFor(platform).parse({ headers: delivery.headers, rawBody: delivery.body });
}

describe('the example payloads', () => {
  it('cover every topic the product reads, one file each, and nothing else', () => {
    for (const platform of PLATFORMS) {
      const files = readdirSync(`${EXAMPLES_DIR}${platform}`).sort();
      expect(files).toEqual(adapterFor(platform).topics.map((t) => examplePath(platform, t).split('/').at(-1)).sort());
    }
  });

  it.each(PLATFORMS.flatMap((platform) => adapterFor(platform).topics.map((topic) => [platform, topic] as const)))(
    '%s %s is read as an event, as written and as triggered',
    (platform, topic) => {
      const asWritten = parse(platform, topic, readFileSync(examplePath(platform, topic), 'utf8'));
      expect(asWritten).toMatchObject({ kind: 'event', event: { platform, topic } });
      const triggered = parse(platform, topic, redate(platform, examplePayload(platform, topic), NOW));
      expect(triggered).toMatchObject({ kind: 'event', event: { platform, topic } });
    },
  );

  it('makes each trigger a new order, or the one asked for, with the address asked for', () => {
    const first = parse('shopify', 'orders/paid', examplePayload('shopify', 'orders/paid', { email: 'grace@example.com' }));
    const second = parse('shopify', 'orders/paid', examplePayload('shopify', 'orders/paid'));
    if (first.kind !== 'event' || second.kind !== 'event' || first.event.kind !== 'order' || second.event.kind !== 'order') throw new Error('not orders');
    expect(first.event.orderId).not.toBe(second.event.orderId);
    expect(first.event.snapshot?.email).toBe('grace@example.com');
    expect(first.event.dedupeKeys).not.toEqual(second.event.dedupeKeys);

    const fulfilment = parse('shopify', 'fulfillments/create', examplePayload('shopify', 'fulfillments/create', { orderId: first.event.orderId }));
    expect(fulfilment).toMatchObject({ kind: 'event', event: { orderId: first.event.orderId } });
    const refund = parse('stripe', 'charge.refunded', examplePayload('stripe', 'charge.refunded', { orderId: 'pi_3Example' }));
    expect(refund).toMatchObject({ kind: 'event', event: { orderId: 'pi_3Example' } });
    const woo = parse('woocommerce', 'order.updated', examplePayload('woocommerce', 'order.updated', { orderId: '4242', email: 'lin@example.com' }));
    expect(woo).toMatchObject({ kind: 'event', event: { orderId: '4242', snapshot: { email: 'lin@example.com' } } });
  });
});

describe('dating a payload on the runtime clock', () => {
  it('moves Shopify times together and keeps their offsets', () => {
    const text = '{"id": 820982911946154508, "created_at": "2026-03-02T10:14:33-08:00", "processed_at": "2026-03-02T10:14:31-08:00", "updated_at": "2026-03-02T10:14:35-08:00", "customer": {"created_at": "2025-11-18T09:02:11-08:00"}}';
    const moved = redate('shopify', text, NOW);
    expect(JSON.parse(moved)).toMatchObject({
      updated_at: '2031-02-02T20:05:06-08:00',
      created_at: '2031-02-02T20:05:04-08:00',
      processed_at: '2031-02-02T20:05:02-08:00',
      customer: { created_at: '2030-10-21T18:52:42-08:00' },
    });
    // Every other byte stays: ids beyond 2^53 are not rounded.
    expect(moved).toContain('"id": 820982911946154508,');
    expect(eventTime('shopify', JSON.parse(moved))).toEqual(NOW);
  });

  it('moves WooCommerce times, with and without _gmt, and Stripe seconds', () => {
    const woo = redate('woocommerce', '{"date_created_gmt": "2026-07-10T11:00:00", "date_created": "2026-07-10T13:00:00", "date_modified_gmt": "2026-07-11T08:12:45", "date_paid_gmt": null}', NOW);
    expect(JSON.parse(woo)).toEqual({ date_created_gmt: '2031-02-02T06:52:21', date_created: '2031-02-02T08:52:21', date_modified_gmt: '2031-02-03T04:05:06', date_paid_gmt: null });
    const stripe = redate('stripe', '{"id": "evt_1", "created": 1774012351, "data": {"object": {"created": 1774012290, "expires_at": 1774098690, "amount_total": 5400}}}', NOW);
    const seconds = NOW.getTime() / 1000;
    expect(JSON.parse(stripe)).toEqual({ id: 'evt_1', created: seconds, data: { object: { created: seconds - 61, expires_at: seconds + 86_339, amount_total: 5400 } } });
  });

  it('leaves a payload without times alone', () => {
    const text = '{"shop_id": 71935639022, "shop_domain": "northwind-home.myshopify.com"}';
    expect(redate('shopify', text, NOW)).toBe(text);
  });
});

describe('the secrets trigger signs with', () => {
  it('are the runtime’s: the config’s local secrets, the default store’s overridden by the variables', () => {
    const config = testConfig();
    expect(localSecretValues(config, {})).toEqual(config.localSecrets);
    expect(localSecretValues(config, { STRIPE_WEBHOOK_SECRET: 'whsec_from_env' })).toEqual({ ...config.localSecrets, 'northwind/stripe': 'whsec_from_env' });
  });
});
