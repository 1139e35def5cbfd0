/**
 * Shopify's shop/redact through the local runtime: it erases what the store's Shopify connection
 * brought, and nothing else. The demo store also sells through WooCommerce and Stripe; a second
 * store sells through Shopify alone and loses everything, conversations included.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { heldAbout, shopifyConversation, tableItems } from '../../support/held.ts';
import { fixture, shopifyOrder, wooOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';
import { testConfig } from '../../support/stores.ts';

const START = '2026-11-23T15:00:00.000Z';
const SOLO_SECRET = 'solo-shopify-secret';
let rt: TestRuntime;
let n = 0;
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const nextId = () => String(7_500_000 + ++n);

beforeAll(async () => {
  const base = testConfig({}, [{ id: 'solo', name: 'Solo Goods', platforms: { shopify: { secrets: ['solo/shopify'] } } }]);
  rt = await startTestRuntime({ clockStart: START, config: { ...base, localSecrets: { ...base.localSecrets, 'solo/shopify': SOLO_SECRET } } });
});
afterAll(() => rt?.stop());

async function shopRedact(store: string, secret: string, webhookId: string) {
  const body = JSON.stringify(fixture('shopify/shop-redact.json'));
  const answer = await rt.post(`/webhooks/shopify/${store}`, body, shopifyHeaders('shop/redact', body, secret, { webhookId }));
  // The erasure is privacy-requests' work, off the table's stream.
  await rt.planned();
  return answer;
}

const profileOf = async (store: string, buyer: string) => (await rt.deps.customers.load(customerKey(store, buyer))).profile;

describe('shop/redact', () => {
  it('erases the Shopify data of a store that keeps WooCommerce and Stripe, and nothing else', async () => {
    const shopifyOnly = await shopifyConversation(rt, { buyer: email('shop'), orderId: nextId() });
    const wooOnly = email('woo');
    await rt.woo('order.created', wooOrder({ id: Number(nextId()), email: wooOnly, firstName: 'Lin', status: 'processing', at: rt.clock.now().toISOString() }));
    // A customer of both: a Shopify conversation, then a WooCommerce order a week later (a note of its own).
    const both = await shopifyConversation(rt, { buyer: email('both'), orderId: nextId() });
    await rt.advance('P7D');
    const wooOfBoth = nextId();
    await rt.woo('order.created', wooOrder({ id: Number(wooOfBoth), email: both.buyer, firstName: 'Ada', status: 'processing', at: rt.clock.now().toISOString() }));
    await rt.advance('P1D');
    expect((await profileOf('northwind', both.buyer))?.orderCount).toBe(2);
    const wooBefore = (await heldAbout(rt, wooOnly)).length;
    const soloBuyer = email('solo-bystander');
    await rt.shopify('orders/create', shopifyOrder({ id: nextId(), email: soloBuyer, at: rt.clock.now().toISOString() }), { store: 'solo', secret: SOLO_SECRET });

    const answer = await shopRedact('northwind', 'local-shopify-secret', 'shop-redact-northwind');
    expect(answer.body).toEqual({ status: 'accepted' });

    expect(await heldAbout(rt, shopifyOnly.buyer)).toEqual([]);
    expect(await rt.deps.rawMail.find(shopifyOnly.mailId)).toBeNull();
    expect((await heldAbout(rt, wooOnly)).length).toBe(wooBefore);

    // The customer of both keeps their WooCommerce order, its note and their profile, counted once.
    const profile = await profileOf('northwind', both.buyer);
    expect(profile).toMatchObject({ orderCount: 1, countedOrders: [`woocommerce:${wooOfBoth}`] });
    expect(await rt.deps.orders.get('northwind', 'shopify', both.orderId)).toBeNull();
    expect(await rt.deps.orders.get('northwind', 'woocommerce', wooOfBoth)).not.toBeNull();
    const { notes } = await rt.deps.customers.load(customerKey('northwind', both.buyer));
    expect(notes.map((note) => Object.keys(note.orders))).toEqual([[`woocommerce:${wooOfBoth}`]]);
    // …and loses the Shopify conversation: its messages, escalation and raw mail.
    const left = await heldAbout(rt, both.buyer);
    expect(left.filter((i) => i.type === 'message' || i.type === 'escalation')).toEqual([]);
    expect(await rt.deps.rawMail.find(both.mailId)).toBeNull();

    // Another store is not touched; the same delivery again is a duplicate.
    expect(await heldAbout(rt, soloBuyer, 'solo')).not.toEqual([]);
    expect((await shopRedact('northwind', 'local-shopify-secret', 'shop-redact-northwind')).body).toEqual({ status: 'duplicate' });
  });

  it('erases everything of a store that sells through Shopify alone, its conversations and unsubscribes included', async () => {
    const solo = await shopifyConversation(rt, { buyer: email('solo'), orderId: nextId(), store: 'solo', secret: SOLO_SECRET });
    const unsubscribed = email('solo-unsub');
    await rt.deps.suppressions.add(unsubscribed, 'solo', 'unsubscribed', rt.clock.now().toISOString());
    expect(await rt.deps.suppressions.reasons(unsubscribed, 'solo')).toEqual(['unsubscribed']);

    expect((await shopRedact('solo', SOLO_SECRET, 'shop-redact-solo')).body).toEqual({ status: 'accepted' });

    expect(await heldAbout(rt, solo.buyer, 'solo')).toEqual([]);
    expect(await rt.deps.rawMail.find(solo.mailId)).toBeNull();
    expect((await tableItems(rt)).filter((i) => i.storeId === 'solo' && i.type !== 'erasure')).toEqual([]);
    expect(await rt.deps.suppressions.reasons(unsubscribed, 'solo')).toEqual([]);
  });
});
