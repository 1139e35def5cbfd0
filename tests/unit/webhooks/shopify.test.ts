import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shopify } from '../../../functions/adapters/webhooks/shopify.ts';
import type { WebhookRequest } from '../../../functions/adapters/webhooks/types.ts';
import {
  PurchaseEvent,
  countsAsPurchase,
  fulfillmentState,
  orderStage,
  type OrderEvent,
} from '../../../functions/core/domain/purchase.ts';
import { StoreConfig } from '../../../functions/core/domain/store.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';

const SECRET = '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';
const NEXT_SECRET = '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';
const OTHER_STORE_SECRET = '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';
const SHOP = 'northwind-home.myshopify.com';

const store = makeStore(SHOP);

function makeStore(shopDomain?: string): StoreConfig {
  return StoreConfig.parse({
    id: 'northwind-home',
    name: 'Northwind Home',
    timeZone: 'America/Los_Angeles',
    persona: { name: 'Sarah', email: 'sarah@northwind-home.example' },
    senior: { name: 'Dana', email: 'dana@northwind-home.example' },
    platforms: { shopify: { ...(shopDomain ? { shopDomain } : {}), secrets: ['northwind/shopify-current'] } },
  });
}

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/webhooks/shopify/${name}`, import.meta.url));
}

function delivery(
  topic: string,
  body: Buffer | string,
  opts: Parameters<typeof shopifyHeaders>[3] & { secret?: string } = {},
): WebhookRequest {
  const rawBody = Buffer.from(body);
  return { headers: shopifyHeaders(topic, rawBody, opts.secret ?? SECRET, opts), rawBody };
}

function eventOf(request: WebhookRequest): PurchaseEvent {
  const parsed = shopify.parse(request);
  if (parsed.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(parsed)}`);
  expect(PurchaseEvent.parse(parsed.event)).toEqual(parsed.event);
  return parsed.event;
}

function orderOf(topic: string, body: Buffer | string, opts?: Parameters<typeof delivery>[2]): OrderEvent {
  const event = eventOf(delivery(topic, body, opts));
  if (event.kind !== 'order') throw new Error(`expected an order event, got ${event.kind}`);
  return event;
}

/** Edits every occurrence on the raw text, so that ids above 2^53 survive. */
function edit(body: Buffer | string, from: string, to: string): string {
  const text = body.toString();
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.split(from).join(to);
}

describe('Shopify verification', () => {
  const body = fixture('orders-create.json');

  it('accepts a delivery signed with the store secret', () => {
    expect(shopify.verify(delivery('orders/create', body), store, [SECRET], 0)).toEqual({ ok: true });
  });

  it('accepts either secret during a rotation', () => {
    expect(shopify.verify(delivery('orders/create', body), store, [SECRET, NEXT_SECRET], 0)).toEqual({ ok: true });
    const signedWithNew = delivery('orders/create', body, { secret: NEXT_SECRET });
    expect(shopify.verify(signedWithNew, store, [SECRET, NEXT_SECRET], 0)).toEqual({ ok: true });
    expect(shopify.verify(signedWithNew, store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects a delivery without the HMAC header', () => {
    const request = delivery('orders/create', body);
    delete request.headers['x-shopify-hmac-sha256'];
    const result = shopify.verify(request, store, [SECRET], 0);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('x-shopify-hmac-sha256') });
  });

  it('rejects a wrong secret and another store’s secret', () => {
    expect(shopify.verify(delivery('orders/create', body, { secret: 'not-the-secret' }), store, [SECRET], 0).ok).toBe(false);
    expect(shopify.verify(delivery('orders/create', body, { secret: OTHER_STORE_SECRET }), store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects a tampered body', () => {
    const request = delivery('orders/create', body);
    const tampered = { ...request, rawBody: Buffer.from(edit(body, '"total_price": "340.00"', '"total_price": "3.40"')) };
    expect(shopify.verify(tampered, store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects the same JSON re-serialised with different whitespace', () => {
    const request = delivery('orders/create', body);
    const compact = Buffer.from(body.toString('utf8').replace(/\n\s*/g, ''));
    expect(shopify.verify({ ...request, rawBody: compact }, store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects a signature with stray characters around a valid value', () => {
    const request = delivery('orders/create', body);
    request.headers['x-shopify-hmac-sha256'] = `${request.headers['x-shopify-hmac-sha256']}AA`;
    expect(shopify.verify(request, store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects a delivery for another shop when the store names its shop domain', () => {
    const request = delivery('orders/create', body, { shopDomain: 'someone-else.myshopify.com' });
    const result = shopify.verify(request, store, [SECRET], 0);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('someone-else.myshopify.com') });
    const missing = delivery('orders/create', body);
    delete missing.headers['x-shopify-shop-domain'];
    expect(shopify.verify(missing, store, [SECRET], 0).ok).toBe(false);
  });

  it('accepts any shop domain when the store names none', () => {
    const request = delivery('orders/create', body, { shopDomain: 'renamed-shop.myshopify.com' });
    expect(shopify.verify(request, makeStore(), [SECRET], 0)).toEqual({ ok: true });
  });

  it('fails when the store has no secret', () => {
    expect(shopify.verify(delivery('orders/create', body), store, [], 0).ok).toBe(false);
  });
});

describe('Shopify orders', () => {
  it('orders/create: the paid order #1042 with its customer, address and items', () => {
    const event = orderOf('orders/create', fixture('orders-create.json'));
    expect(event).toMatchObject({
      platform: 'shopify',
      topic: 'orders/create',
      orderId: '820982911946154508',
      occurredAt: '2026-03-02T18:14:35.000Z',
      facts: { paidAt: '2026-03-02T18:14:31.000Z' },
    });
    expect(event.snapshot).toEqual({
      orderName: '#1042',
      email: 'maya.lindqvist@example.com',
      firstName: 'Maya',
      lastName: 'Lindqvist',
      locale: 'en',
      address: { country: 'US', region: 'OR', city: 'Portland', latitude: 45.5236, longitude: -122.6828 },
      items: [
        {
          title: 'Linen Duvet Cover',
          variant: 'Queen / Sage',
          quantity: 1,
          sku: 'LDC-Q-SAGE',
          productId: '788032119674292922',
          unitPriceMinor: 24800,
        },
        {
          title: 'Speckled Stoneware Mug',
          variant: null,
          quantity: 2,
          sku: 'MUG-SPK',
          productId: '632910392',
          unitPriceMinor: 4000,
        },
      ],
      totalMinor: 34000,
      currency: 'USD',
      createdAt: '2026-03-02T18:14:33.000Z',
      test: false,
    });
    expect(orderStage(event)).toBe('paid');
  });

  it('keeps an order id above 2^53 exact even without admin_graphql_api_id', () => {
    const body = edit(fixture('orders-create.json'), '"gid://shopify/Order/820982911946154508"', 'null');
    const event = orderOf('orders/create', body);
    expect(event.orderId).toBe('820982911946154508');
    // What plain JSON.parse would have made of it.
    expect(String((JSON.parse(body) as { id: number }).id)).toBe('820982911946154500');
  });

  it('orders/create for a bank deposit: placed, not paid, in yen', () => {
    const event = orderOf('orders/create', fixture('orders-create-pending.json'), { shopDomain: 'kumo-tea.myshopify.com' });
    expect(event.facts).toEqual({});
    expect(orderStage(event)).toBe('placed');
    expect(event.orderId).toBe('5894123077871');
    expect(event.snapshot).toMatchObject({
      orderName: '#2087',
      // `email` is blank on this order; the checkout's contact address is the recipient.
      email: 'haruto.sato@example.com',
      firstName: '陽翔',
      locale: 'ja',
      address: { country: 'JP', region: 'JP-13', city: '渋谷区', latitude: 35.6653, longitude: 139.7079 },
      totalMinor: 12800,
      currency: 'JPY',
    });
    expect(event.snapshot?.items.map((i) => [i.title, i.variant, i.quantity, i.unitPriceMinor])).toEqual([
      ['Sencha Tin 100g', null, 2, 2400],
      ['Tokoname Kyusu', 'Ash Glaze', 1, 8000],
    ]);
  });

  it('orders/paid: the bank deposit order becomes paid', () => {
    const event = orderOf('orders/paid', fixture('orders-paid.json'));
    expect(event.orderId).toBe('5894123077871');
    expect(event.occurredAt).toBe('2026-04-09T01:26:45.000Z');
    expect(event.facts).toEqual({ paidAt: '2026-04-07T12:03:10.000Z' });
    expect(countsAsPurchase({ facts: event.facts, snapshot: event.snapshot ?? null })).toBe(true);
  });

  it('orders/fulfilled: fulfilled when its fulfillment was created', () => {
    const event = orderOf('orders/fulfilled', fixture('orders-fulfilled.json'));
    expect(event.orderId).toBe('820982911946154508');
    expect(event.facts).toEqual({ paidAt: '2026-03-02T18:14:31.000Z', fulfilledAt: '2026-03-03T23:41:07.000Z' });
    expect(orderStage(event)).toBe('fulfilled');
    expect(event.snapshot?.orderName).toBe('#1042');
  });

  it('orders/cancelled: cancelled and fully refunded, written to the customer’s address', () => {
    const event = orderOf('orders/cancelled', fixture('orders-cancelled.json'));
    expect(event.orderId).toBe('5903847261093');
    expect(event.facts).toEqual({
      paidAt: '2026-05-13T17:45:22.000Z',
      cancelledAt: '2026-05-14T14:20:05.000Z',
      refundedAt: '2026-05-14T14:20:03.000Z',
      fullyRefunded: true,
    });
    expect(orderStage(event)).toBe('cancelled');
    expect(countsAsPurchase({ facts: event.facts, snapshot: event.snapshot ?? null })).toBe(false);
    expect(event.snapshot).toMatchObject({
      // Neither `email` nor `contact_email` is set: the customer record has the address.
      email: 'jonas.becker@example.com',
      firstName: 'Jonas',
      locale: 'de-DE',
      // No shipping address (pickup): the billing address, not geocoded.
      address: { country: 'DE', region: 'BE', city: 'Berlin', latitude: null, longitude: null },
      totalMinor: 8990,
      currency: 'EUR',
    });
  });

  it('has no recipient when the order carries no address at all', () => {
    const body = edit(fixture('orders-cancelled.json'), '"email": "jonas.becker@example.com"', '"email": null');
    expect(orderOf('orders/cancelled', body).snapshot?.email).toBeNull();
  });

  it('treats an unusable email as no recipient rather than rejecting the order', () => {
    const body = edit(fixture('orders-create.json'), '"email": "maya.lindqvist@example.com"', '"email": "maya at example"');
    const event = orderOf('orders/create', body);
    // The next candidate, contact_email, is used.
    expect(event.snapshot?.email).toBe('maya.lindqvist@example.com');
    expect(event.facts.paidAt).toBeDefined();
  });

  it('marks test orders', () => {
    const body = edit(fixture('orders-create.json'), '"test": false', '"test": true');
    expect(orderOf('orders/create', body).snapshot?.test).toBe(true);
  });

  it('reads 0,0 coordinates as unknown', () => {
    const body = edit(edit(fixture('orders-create.json'), '"latitude": 45.5236', '"latitude": 0'), '"longitude": -122.6828', '"longitude": 0');
    expect(orderOf('orders/create', body).snapshot?.address).toEqual({
      country: 'US',
      region: 'OR',
      city: 'Portland',
      latitude: null,
      longitude: null,
    });
  });

  it('converts amounts with the currency’s own decimals (KWD has three)', () => {
    const body = JSON.stringify({
      id: 6011223344551,
      name: '#77',
      email: 'fatima.alsabah@example.com',
      created_at: '2026-06-01T12:00:00+03:00',
      updated_at: '2026-06-01T12:00:02+03:00',
      currency: 'KWD',
      total_price: '12.345',
      financial_status: 'paid',
      line_items: [{ title: 'Oud Candle', variant_title: null, quantity: 3, sku: null, product_id: 9011, price: '4.115' }],
    });
    const event = orderOf('orders/paid', body);
    expect(event.snapshot?.totalMinor).toBe(12345);
    expect(event.snapshot?.items[0]?.unitPriceMinor).toBe(4115);
  });
});

describe('Shopify refunds and fulfillments', () => {
  it('refunds/create: the refund lands on order 820982911946154508', () => {
    const event = orderOf('refunds/create', fixture('refunds-create.json'));
    expect(event).toMatchObject({
      orderId: '820982911946154508',
      occurredAt: '2026-03-12T16:05:12.000Z',
      facts: { refundedAt: '2026-03-12T16:05:12.000Z' },
    });
    expect(event.snapshot).toBeUndefined();
    expect(event.facts.fullyRefunded).toBeUndefined();
  });

  it('fulfillments/create: the order is fulfilled, no tracking status yet', () => {
    const event = orderOf('fulfillments/create', fixture('fulfillments-create.json'));
    expect(event.orderId).toBe('820982911946154508');
    expect(event.facts).toEqual({ fulfilledAt: '2026-03-03T23:41:07.000Z' });
    expect(event.shipment).toBeUndefined();
    expect(event.snapshot).toBeUndefined();
  });

  it('fulfillments/update in transit', () => {
    const event = orderOf('fulfillments/update', fixture('fulfillments-update-in-transit.json'));
    expect(event.shipment).toEqual({ status: 'in_transit', at: '2026-03-04T16:02:51.000Z' });
    expect(event.facts.deliveredAt).toBeUndefined();
    expect(fulfillmentState({ facts: event.facts, shipment: event.shipment ?? null })).toBe('in_transit');
  });

  it('fulfillments/update delivered sets the delivery time', () => {
    const event = orderOf('fulfillments/update', fixture('fulfillments-update-delivered.json'));
    expect(event.shipment).toEqual({ status: 'delivered', at: '2026-03-06T21:27:40.000Z' });
    expect(event.facts.deliveredAt).toBe('2026-03-06T21:27:40.000Z');
    expect(orderStage(event)).toBe('delivered');
  });

  it('reads GraphQL-style status names and skips ones the model does not know', () => {
    const upper = edit(fixture('fulfillments-update-in-transit.json'), '"in_transit"', '"OUT_FOR_DELIVERY"');
    expect(orderOf('fulfillments/update', upper).shipment?.status).toBe('out_for_delivery');
    const unknown = edit(fixture('fulfillments-update-in-transit.json'), '"in_transit"', '"teleported"');
    const event = orderOf('fulfillments/update', unknown);
    expect(event.shipment).toBeUndefined();
    expect(event.orderId).toBe('820982911946154508');
  });

  it('a fulfillment still waiting on a fulfilment service does not count as shipped', () => {
    const body = edit(fixture('fulfillments-create.json'), '"status": "success"', '"status": "pending"');
    expect(orderOf('fulfillments/create', body).facts).toEqual({});
  });
});

describe('Shopify compliance topics', () => {
  it('customers/redact names the customer and every order, ids exact', () => {
    const event = eventOf(delivery('customers/redact', fixture('customers-redact.json')));
    expect(event).toMatchObject({
      kind: 'redact-customer',
      platform: 'shopify',
      email: 'maya.lindqvist@example.com',
      orderIds: ['820982911946154508', '820982911946154519', '5011223344556'],
    });
  });

  it('shop/redact erases the store', () => {
    const event = eventOf(delivery('shop/redact', fixture('shop-redact.json')));
    expect(event).toMatchObject({ kind: 'redact-store', platform: 'shopify', topic: 'shop/redact' });
  });

  it('customers/data_request names the customer, the orders and the request, ids exact', () => {
    const event = eventOf(delivery('customers/data_request', fixture('customers-data-request.json')));
    expect(event).toMatchObject({
      kind: 'data-request',
      platform: 'shopify',
      email: 'maya.lindqvist@example.com',
      orderIds: ['820982911946154508', '820982911946154519'],
      requestId: '9999',
    });
  });

  it('customers/data_request without a customer object is not a usable payload', () => {
    expect(shopify.parse(delivery('customers/data_request', '{"shop_id": 1}'))).toMatchObject({ kind: 'invalid' });
  });

  it('customers/redact without an email still lists the orders', () => {
    const body = edit(fixture('customers-redact.json'), '"email": "maya.lindqvist@example.com"', '"email": null');
    const event = eventOf(delivery('customers/redact', body));
    expect(event).toMatchObject({ kind: 'redact-customer', email: null });
    expect(event.kind === 'redact-customer' && event.orderIds).toHaveLength(3);
  });
});

describe('Shopify topics we do not act on', () => {
  it.each(['orders/updated', 'orders/partially_fulfilled', 'app/uninstalled', 'products/update'])(
    '%s is ignored',
    (topic) => {
      expect(shopify.parse(delivery(topic, fixture('orders-create.json')))).toEqual({ kind: 'ignored', topic });
    },
  );
});

describe('Shopify dedupe keys', () => {
  it('names the delivery and the event behind it', () => {
    const event = orderOf('orders/paid', fixture('orders-paid.json'), {
      webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5',
    });
    expect(event.dedupeKeys).toEqual([
      'shopify:webhook:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'shopify:event:orders/paid:98880550-7158-44d4-b7cd-2c97c8a091b5',
    ]);
  });

  it('two topics from one merchant action are not duplicates of each other', () => {
    const eventId = '98880550-7158-44d4-b7cd-2c97c8a091b5';
    const created = orderOf('orders/create', fixture('orders-paid.json'), { eventId });
    const paid = orderOf('orders/paid', fixture('orders-paid.json'), { eventId });
    expect(created.dedupeKeys.filter((k) => paid.dedupeKeys.includes(k))).toEqual([]);
  });

  it('without a webhook id, repeats of one order version share a key and a new version does not', () => {
    const bare = (topic: string, body: Buffer) => {
      const request = delivery(topic, body);
      delete request.headers['x-shopify-webhook-id'];
      delete request.headers['x-shopify-event-id'];
      return eventOf(request).dedupeKeys;
    };
    const first = bare('orders/paid', fixture('orders-paid.json'));
    expect(first).toEqual(['shopify:orders/paid:5894123077871:2026-04-09T01:26:45.000Z']);
    expect(bare('orders/paid', fixture('orders-paid.json'))).toEqual(first);
    expect(bare('orders/create', fixture('orders-create-pending.json'))).not.toEqual(first);
  });
});

describe('Shopify payloads that cannot be read', () => {
  it('malformed JSON is invalid', () => {
    const parsed = shopify.parse(delivery('orders/create', '{"id": 820982911946154508, "name": '));
    expect(parsed).toEqual({ kind: 'invalid', message: expect.stringContaining('not valid JSON') });
  });

  it('an order without created_at is invalid and says so', () => {
    const body = edit(fixture('orders-create.json'), '"created_at": "2026-03-02T10:14:33-08:00",', '');
    const parsed = shopify.parse(delivery('orders/create', body));
    expect(parsed).toEqual({ kind: 'invalid', message: expect.stringContaining('created_at') });
  });

  it('an order without a currency or total is invalid', () => {
    const noCurrency = edit(fixture('orders-create.json'), '"currency": "USD",', '');
    expect(shopify.parse(delivery('orders/create', noCurrency))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('currency'),
    });
    const badTotal = edit(fixture('orders-create.json'), '"total_price": "340.00"', '"total_price": "lots"');
    expect(shopify.parse(delivery('orders/create', badTotal))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('total_price'),
    });
  });

  it('a fulfillment without order_id is invalid', () => {
    const body = edit(fixture('fulfillments-create.json'), '"order_id": 820982911946154508,', '');
    expect(shopify.parse(delivery('fulfillments/create', body))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('order_id'),
    });
  });

  it('a body that is a JSON array, not an order, is invalid', () => {
    expect(shopify.parse(delivery('orders/create', '[]')).kind).toBe('invalid');
  });

  it('a delivery without a topic header is invalid', () => {
    const request = delivery('orders/create', fixture('orders-create.json'));
    delete request.headers['x-shopify-topic'];
    expect(shopify.parse(request)).toEqual({ kind: 'invalid', message: expect.stringContaining('x-shopify-topic') });
  });
});
