/**
 * Erasure through the local runtime: Shopify's customers/redact and shop/redact, and the operator
 * API and console for a customer of any platform. After an erasure, the table holds nothing that
 * names the customer (their address or their key) but the record of the erasure, and their raw
 * mail is gone from the folder.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { fixture, shopifyOrder, stripeCheckout, wooOrder } from '../../support/purchases.ts';
import { heldAbout as heldOf, mentions, shopifyConversation, tableItems } from '../../support/held.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const nextId = () => String(7_300_000 + ++n);
const auth = () => ({ authorization: `Bearer ${rt.operatorToken}`, 'content-type': 'application/json' });

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

const table = () => tableItems(rt);
const heldAbout = (buyer: string) => heldOf(rt, buyer);

/** A customer with a paid order (answered, escalated, answered again) and an unpaid one: every kind of item there is. */
async function shopifyCustomer(tag: string) {
  const buyer = email(tag);
  const unpaid = nextId();
  const conversation = await shopifyConversation(rt, { buyer, orderId: nextId() });
  await rt.shopify('orders/create', shopifyOrder({ id: unpaid, email: buyer, at: rt.clock.now().toISOString(), financialStatus: 'pending' }));
  return { ...conversation, paid: conversation.orderId, unpaid };
}

const redactPayload = (buyer: string, orders: string[]) => ({
  ...fixture('shopify/customers-redact.json'),
  customer: { id: 1, email: buyer, phone: null },
  orders_to_redact: orders.map(Number),
});

describe('customers/redact', () => {
  it('erases every item of the customer in the store: profile, notes, messages, orders, escalations, raw mail', async () => {
    const ada = await shopifyCustomer('ada');
    const other = await shopifyCustomer('other');
    expect((await heldAbout(ada.buyer)).map((i) => i.type).sort()).toEqual(
      expect.arrayContaining(['customer', 'escalation', 'message', 'message', 'note', 'order', 'order']),
    );
    expect(await rt.deps.rawMail.find(ada.mailId)).not.toBeNull();

    // Shopify names only the paid order: the unpaid one is found all the same.
    const answer = await rt.shopify('customers/redact', redactPayload(ada.buyer, [ada.paid]), { webhookId: `redact-${ada.paid}` });
    expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });

    expect(await heldAbout(ada.buyer)).toEqual([]);
    expect(await rt.deps.rawMail.find(ada.mailId)).toBeNull();
    expect((await table()).some((i) => i.pk === `I#${ada.mailId}`)).toBe(false);
    expect((await rt.get(`/api/escalations/${ada.escalationId}`)).status).not.toBe(200);
    // Nobody else is touched.
    expect((await heldAbout(other.buyer)).length).toBeGreaterThanOrEqual(7);
    expect(await rt.deps.rawMail.find(other.mailId)).not.toBeNull();
    // Done, and recorded as done: the same delivery again is a duplicate.
    expect((await rt.shopify('customers/redact', redactPayload(ada.buyer, [ada.paid]), { webhookId: `redact-${ada.paid}` })).body.status).toBe('duplicate');
    const [record] = (await table()).filter((i) => i.type === 'erasure' && i.customerKey === customerKey('northwind', ada.buyer));
    expect(record).toMatchObject({ by: 'Shopify customers/redact', scope: 'all', counts: expect.objectContaining({ order: 2, escalation: 1, rawMail: 1 }) });
    expect(mentions(record!, [ada.buyer])).toBe(false);
  });

  it('is done again when it failed half-way, and recorded as done only then', async () => {
    const ada = await shopifyCustomer('half');
    // The table fails privacy-requests' batch deletes until it is back, as an outage would.
    const [client] = rt.clientRecords.filter((c) => c.owner === 'privacy-requests' && c.service === 'dynamodb').map((c) => c.client as never as { middlewareStack: any });
    let unavailable = true;
    let failures = 0;
    client!.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        if (context.commandName === 'BatchWriteItemCommand' && unavailable) {
          failures += 1;
          throw new Error('the table is unavailable');
        }
        return next(args);
      },
      { step: 'initialize', name: 'tableUnavailable' },
    );
    try {
      // Shopify is answered at once: the erasure is privacy-requests' work, and its first try fails.
      const first = await rt.shopify('customers/redact', redactPayload(ada.buyer, [ada.paid]), { webhookId: `redact-${ada.paid}` });
      expect(first).toMatchObject({ status: 200, body: { status: 'accepted' } });
      expect(failures).toBeGreaterThan(0);
      expect((await heldAbout(ada.buyer)).length).toBeGreaterThan(0);
      // Not recorded as done: Shopify's retry is taken in again, not answered "duplicate".
      const retry = await rt.shopify('customers/redact', redactPayload(ada.buyer, [ada.paid]), { webhookId: `redact-${ada.paid}` });
      expect(retry.body.status).toBe('accepted');

      // The table is back; the stream offers the request again: done now, and recorded as done.
      unavailable = false;
      await rt.planned();
      expect(await heldAbout(ada.buyer)).toEqual([]);
      expect((await rt.shopify('customers/redact', redactPayload(ada.buyer, [ada.paid]), { webhookId: `redact-${ada.paid}` })).body.status).toBe('duplicate');
      expect((await table()).filter((i) => i.type === 'privacy-request')).toEqual([]);
    } finally {
      client!.middlewareStack.remove('tableUnavailable');
    }
  });

  it('erases by the orders alone when Shopify sends no address', async () => {
    const buyer = email('noaddress');
    const id = nextId();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: rt.clock.now().toISOString() }));
    const payload = { ...redactPayload(buyer, [id]), customer: { id: 2, email: null, phone: null } };
    expect((await rt.shopify('customers/redact', payload)).body.status).toBe('accepted');
    expect(await heldAbout(buyer)).toEqual([]);
  });
});

describe('the operator’s erasure', () => {
  it('erases a Stripe customer on request through the API, recording who did it', async () => {
    const buyer = email('stripe');
    const answer = await rt.stripe(stripeCheckout({ eventId: `evt_${randomUUID()}`, paymentIntent: `pi_${randomUUID()}`, email: buyer, name: 'Grace', at: rt.clock.now().toISOString() }));
    expect(answer.body.status).toBe('accepted');
    expect((await heldAbout(buyer)).length).toBeGreaterThan(0);

    expect((await fetch(`${rt.url}/api/customers/erase`, { method: 'POST', body: JSON.stringify({ store: 'northwind', email: buyer }) })).status).toBe(401);
    const res = await fetch(`${rt.url}/api/customers/erase`, { method: 'POST', headers: auth(), body: JSON.stringify({ store: 'northwind', email: buyer, by: 'Tom' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ store: 'northwind', erased: { order: 1, profile: 1 } });
    expect(await heldAbout(buyer)).toEqual([]);
    const [record] = (await table()).filter((i) => i.type === 'erasure' && i.customerKey === customerKey('northwind', buyer));
    expect(record).toMatchObject({ by: 'operator API: Tom', scope: 'all' });
  });

  it('answers a bad request 400 and an unknown store 404, erasing nothing', async () => {
    const bad = await fetch(`${rt.url}/api/customers/erase`, { method: 'POST', headers: auth(), body: JSON.stringify({ store: 'northwind', email: 'not an address' }) });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${rt.url}/api/customers/erase`, { method: 'POST', headers: auth(), body: JSON.stringify({ store: 'elsewhere', email: 'a@b.example' }) });
    expect(unknown.status).toBe(404);
  });

  it('erases a WooCommerce customer from the console, after a confirmation', async () => {
    const buyer = email('woo');
    await rt.woo('order.created', wooOrder({ id: Number(nextId()), email: buyer, firstName: 'Lin', status: 'processing', at: rt.clock.now().toISOString() }));
    expect((await heldAbout(buyer)).length).toBeGreaterThan(0);
    const login = await fetch(`${rt.url}/console/login`, { method: 'POST', body: `token=${encodeURIComponent(rt.operatorToken)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${rt.url}/console/privacy`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(`${rt.url}/console/privacy/erase`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

    expect((await post({ csrf, store: 'northwind', email: buyer })).status).toBe(400);
    expect((await heldAbout(buyer)).length).toBeGreaterThan(0);
    expect((await post({ csrf: 'forged', store: 'northwind', email: buyer, confirm: 'yes' })).status).toBe(403);
    const done = await post({ csrf, store: 'northwind', email: buyer, confirm: 'yes', by: 'Tom' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Erased from Northwind Home');
    expect(await heldAbout(buyer)).toEqual([]);
  });
});
