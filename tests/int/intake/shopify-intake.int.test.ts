import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyFulfillment, shopifyOrder, shopifyRefund, fixture } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';
import { testConfig } from '../../support/stores.ts';

const NOW = '2026-11-23T15:00:00.000Z'; // a Monday
let rt: TestRuntime;
let n = 0;
const nextId = () => String(5_000_000_000_000 + ++n);
const email = () => `buyer-${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  const config = testConfig({}, [
    { id: 'harbour', name: 'Harbour Goods', platforms: { shopify: { shopDomain: 'harbour-goods.myshopify.com', secrets: ['harbour/shopify-old', 'harbour/shopify-new'] } } },
  ]);
  Object.assign(config.localSecrets, { 'harbour/shopify-old': 'harbour-old-secret', 'harbour/shopify-new': 'harbour-new-secret' });
  rt = await startTestRuntime({ clockStart: NOW, config });
});
afterAll(() => rt?.stop());

const order = (id: string) => rt.deps.orders.get('northwind', 'shopify', id);

describe('Shopify purchase intake', () => {
  it('stores a new paid order, counts it for the customer and plans a thank-you', async () => {
    const id = nextId();
    const buyer = email();
    const res = await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, firstName: 'Maya', at: NOW }));
    expect(res).toMatchObject({ status: 200, body: { status: 'accepted' } });

    const stored = await order(id);
    expect(stored?.snapshot).toMatchObject({ email: buyer, firstName: 'Maya', currency: 'USD', totalMinor: 8900 });
    expect(stored?.facts.paidAt).toBeDefined();
    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile).toMatchObject({ orderCount: 1, spentMinor: { USD: 8900 } });
    expect(file.notes.map((n) => [n.stage, n.status])).toEqual([['thank-you', 'scheduled']]);
  });

  it('keeps order ids above 2^53 exactly', async () => {
    const payload = fixture('shopify/orders-create.json') as Record<string, unknown>;
    const res = await rt.shopify('orders/create', { ...payload, created_at: NOW, processed_at: NOW, updated_at: NOW });
    expect(res.status).toBe(200);
    expect((await order('820982911946154508'))?.orderId).toBe('820982911946154508');
  });

  it('answers a repeated delivery "duplicate" and writes nothing new', async () => {
    const id = nextId();
    const buyer = email();
    const webhookId = randomUUID();
    const payload = shopifyOrder({ id, email: buyer, at: NOW });
    expect((await rt.shopify('orders/create', payload, { webhookId })).body.status).toBe('accepted');
    const before = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect((await rt.shopify('orders/create', payload, { webhookId })).body.status).toBe('duplicate');
    const after = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(after).toEqual(before);
  });

  it('counts an order once when orders/create and orders/paid both arrive', async () => {
    const id = nextId();
    const buyer = email();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: NOW }));
    await rt.shopify('orders/paid', shopifyOrder({ id, email: buyer, at: NOW }));
    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile?.orderCount).toBe(1);
    expect(file.notes).toHaveLength(1);
  });

  it('ends cancelled when the cancellation arrives before the order itself', async () => {
    const id = nextId();
    const buyer = email();
    const later = '2026-11-23T15:30:00.000Z';
    await rt.shopify('orders/cancelled', shopifyOrder({ id, email: buyer, at: later, cancelledAt: later, financialStatus: 'voided' }));
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: NOW }));
    const stored = await order(id);
    expect(stored?.facts.cancelledAt).toBeDefined();
    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile?.orderCount ?? 0).toBe(0);
    expect(file.notes.filter((n) => n.status === 'scheduled')).toEqual([]);
  });

  it('ends paid and fulfilled when fulfilment is reported before payment', async () => {
    const id = nextId();
    const buyer = email();
    await rt.shopify('fulfillments/create', shopifyFulfillment({ orderId: id, at: NOW, shipmentStatus: null }));
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: NOW, financialStatus: 'pending' }));
    await rt.shopify('orders/paid', shopifyOrder({ id, email: buyer, at: '2026-11-23T15:05:00.000Z' }));
    const stored = await order(id);
    expect(stored?.facts).toMatchObject({ paidAt: expect.any(String), fulfilledAt: expect.any(String) });
    expect((await rt.deps.customers.load(customerKey('northwind', buyer))).profile?.orderCount).toBe(1);
  });

  it('records delivery from a fulfillment update and a refund from refunds/create', async () => {
    const id = nextId();
    const buyer = email();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: NOW }));
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: '2026-11-24T10:00:00.000Z', shipmentStatus: 'delivered' }));
    expect((await order(id))?.facts.deliveredAt).toBeDefined();
    await rt.shopify('refunds/create', shopifyRefund({ orderId: id, at: '2026-11-25T10:00:00.000Z' }));
    expect((await order(id))?.facts.refundedAt).toBeDefined();
  });

  it('ignores topics that need no action', async () => {
    const res = await rt.shopify('orders/updated', shopifyOrder({ id: nextId(), email: email(), at: NOW }));
    expect(res).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });
});

describe('Shopify signatures and bad input', () => {
  const send = (headers: Record<string, string>, body: string, path = '/webhooks/shopify') => rt.post(path, body, headers);

  it.each([
    ['a missing signature', (h: Record<string, string>) => ({ ...h, 'x-shopify-hmac-sha256': '' })],
    ['a wrong signature', (h: Record<string, string>) => ({ ...h, 'x-shopify-hmac-sha256': 'AAAA' + h['x-shopify-hmac-sha256']!.slice(4) })],
  ])('refuses %s with 401 and stores nothing', async (_name, tamper) => {
    const id = nextId();
    const body = JSON.stringify(shopifyOrder({ id, email: email(), at: NOW }));
    const headers = tamper(shopifyHeaders('orders/create', body, 'local-shopify-secret'));
    const res = await send(headers, body);
    expect(res.status).toBe(401);
    expect(await order(id)).toBeNull();
  });

  it('refuses a delivery signed with another store’s secret', async () => {
    const id = nextId();
    const body = JSON.stringify(shopifyOrder({ id, email: email(), at: NOW }));
    const res = await send(shopifyHeaders('orders/create', body, 'harbour-new-secret'), body);
    expect(res.status).toBe(401);
    expect(await order(id)).toBeNull();
  });

  it('accepts both secrets of a named store during a rotation, and checks its shop domain', async () => {
    for (const secret of ['harbour-old-secret', 'harbour-new-secret']) {
      const body = JSON.stringify(shopifyOrder({ id: nextId(), email: email(), at: NOW }));
      const headers = shopifyHeaders('orders/create', body, secret, { shopDomain: 'harbour-goods.myshopify.com' });
      expect((await send(headers, body, '/webhooks/shopify/harbour')).status).toBe(200);
    }
    const body = JSON.stringify(shopifyOrder({ id: nextId(), email: email(), at: NOW }));
    const wrongShop = shopifyHeaders('orders/create', body, 'harbour-new-secret', { shopDomain: 'someone-else.myshopify.com' });
    expect((await send(wrongShop, body, '/webhooks/shopify/harbour')).status).toBe(401);
  });

  it('answers 401 for an unknown store', async () => {
    const body = JSON.stringify(shopifyOrder({ id: nextId(), email: email(), at: NOW }));
    expect((await send(shopifyHeaders('orders/create', body, 'local-shopify-secret'), body, '/webhooks/shopify/nowhere')).status).toBe(401);
  });

  it('answers 400 for a signed body that is not an order, and stores nothing', async () => {
    const id = nextId();
    const body = JSON.stringify({ id: Number(id), note: 'no order here' });
    const res = await send(shopifyHeaders('orders/create', body, 'local-shopify-secret'), body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/created_at|line_items|required/i);
    expect(await order(id)).toBeNull();
    const garbage = '{"id": 1,';
    expect((await send(shopifyHeaders('orders/create', garbage, 'local-shopify-secret'), garbage)).status).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const big = JSON.stringify({ ...shopifyOrder({ id: nextId(), email: email(), at: NOW }), note: 'x'.repeat(1_100_000) });
    const res = await send(shopifyHeaders('orders/create', big, 'local-shopify-secret'), big);
    expect(res.status).toBe(413);
  });
});

describe('Shopify privacy webhooks', () => {
  it('customers/redact erases the customer, their notes and their orders', async () => {
    const id = nextId();
    const buyer = email();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: NOW }));
    const payload = { ...fixture('shopify/customers-redact.json'), customer: { id: 1, email: buyer, phone: null }, orders_to_redact: [Number(id)] };
    expect((await rt.shopify('customers/redact', payload)).body.status).toBe('accepted');
    expect(await order(id)).toBeNull();
    expect(await rt.deps.customers.load(customerKey('northwind', buyer))).toEqual({ profile: null, notes: [] });
  });

  it('shop/redact erases everything the store had', async () => {
    const config = testConfig({}, [{ id: 'closing', name: 'Closing Shop', platforms: { shopify: { secrets: ['closing/shopify'] } } }]);
    const local = await startTestRuntime({ clockStart: NOW, config: { ...config, localSecrets: { ...config.localSecrets, 'closing/shopify': 'closing-secret' } } });
    try {
      const buyer = email();
      const post = (topic: string, payload: unknown) => {
        const body = JSON.stringify(payload);
        return local.post('/webhooks/shopify/closing', body, shopifyHeaders(topic, body, 'closing-secret'));
      };
      await post('orders/create', shopifyOrder({ id: '77', email: buyer, at: NOW }));
      await local.planned();
      expect(await local.deps.orders.get('closing', 'shopify', '77')).not.toBeNull();
      expect((await local.deps.customers.load(customerKey('closing', buyer))).profile).not.toBeNull();
      expect((await post('shop/redact', fixture('shopify/shop-redact.json'))).body.status).toBe('accepted');
      // Answered at once; privacy-requests erases off the table's stream.
      await local.planned();
      expect(await local.deps.orders.get('closing', 'shopify', '77')).toBeNull();
      expect((await local.deps.customers.load(customerKey('closing', buyer))).profile).toBeNull();
    } finally {
      await local.stop();
    }
  });
});
