import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrder, stripeCheckout, wooOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
const logs: string[] = [];
let rt: TestRuntime;
let n = 0;
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const at = () => rt.clock.now().toISOString();

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START, log: (line) => logs.push(line) });
});
afterAll(() => rt?.stop());

async function firstMailTo(address: string) {
  for (let day = 0; day < 7; day += 1) {
    const mail = (await rt.outbox()).find((m: { to: string }) => m.to.includes(address));
    if (mail) return mail;
    await rt.advance('P1D');
  }
  throw new Error(`no mail to ${address}`);
}

/** What every note must be, whatever its language: a short personal note, not a campaign. */
function expectPersonalNote(mail: { text: string; html: string | null; subject: string; from: string }, signer: string) {
  const body = mail.text.split('\n--\n')[0]!;
  expect(body.split(/\s+/).filter(Boolean).length).toBeLessThan(120);
  expect(body).toMatch(/\?/);
  expect(body).not.toMatch(/dear customer|sehr geehrte|cher client|estimado cliente|do not reply|noreply/i);
  expect(body).not.toMatch(/\{\{|\{%|\s,\n/);
  expect(body.trimEnd().split('\n').slice(-2)[0]).toBe(signer);
  expect(mail.subject).not.toMatch(/^[^a-z]*$/);
  expect(mail.html ?? '').not.toMatch(/<img|<a\s|<style|<script/i);
  expect(mail.from).toContain(signer);
}

describe('notes in the customer’s language, through the real SES path', () => {
  it('writes in German to a customer who shopped in German', async () => {
    const buyer = email('de');
    await rt.shopify('orders/create', shopifyOrder({ id: String(7_000 + ++n), email: buyer, firstName: 'Lena', locale: 'de', at: at(), address: { country: 'DE' } }));
    const mail = await firstMailTo(buyer);
    expect(mail.from).toBe('Sarah von Northwind Home <sarah@northwind.example>');
    expect(mail.text).toMatch(/Lena/);
    expect(mail.text).toMatch(/Bestellung/);
    expectPersonalNote(mail, 'Sarah');
  });

  it('writes in French when WooCommerce’s WPML says so', async () => {
    const buyer = email('fr');
    await rt.woo('order.created', wooOrder({ id: 8_000 + ++n, email: buyer, firstName: 'Léa', status: 'processing', at: at(), language: 'fr', country: 'FR' }));
    const mail = await firstMailTo(buyer);
    expect(mail.text).toMatch(/commande/);
    expect(mail.text).toMatch(/Léa/);
    expectPersonalNote(mail, 'Sarah');
  });

  it('writes in Spanish when the Stripe checkout was in Spanish', async () => {
    const buyer = email('es');
    await rt.stripe(stripeCheckout({ eventId: `evt_${++n}`, paymentIntent: `pi_voice_${n}`, email: buyer, name: 'Lucía Fernández', at: at(), locale: 'es' }));
    const mail = await firstMailTo(buyer);
    expect(mail.text).toMatch(/pedido/);
    expectPersonalNote(mail, 'Sarah');
  });

  it('falls back to the language of the address’s country when the order has no locale', async () => {
    const buyer = email('ch');
    const order = shopifyOrder({ id: String(7_000 + ++n), email: buyer, firstName: 'Jonas', at: at(), address: { country: 'AT' } });
    order.customer_locale = null;
    await rt.shopify('orders/create', order);
    const mail = await firstMailTo(buyer);
    expect(mail.text).toMatch(/Bestellung/);
  });

  it('greets naturally when there is no first name', async () => {
    const buyer = email('anon');
    await rt.shopify('orders/create', shopifyOrder({ id: String(7_000 + ++n), email: buyer, firstName: null, at: at() }));
    const mail = await firstMailTo(buyer);
    expect(mail.text).toMatch(/^(Hi|Hello) there,/);
    expect(mail.to).toBe(buyer);
  });

  it('thanks a long-time customer for their loyalty, signed by the owner', async () => {
    const buyer = email('loyal');
    const yearsAgo = new Date(Date.parse(at()) - 3 * 365 * 86_400_000).toISOString();
    for (let i = 0; i < 4; i += 1) await rt.shopify('orders/create', shopifyOrder({ id: String(7_000 + ++n), email: buyer, firstName: 'Ada', at: yearsAgo }));
    await rt.shopify('orders/create', shopifyOrder({ id: String(7_000 + ++n), email: buyer, firstName: 'Ada', at: at() }));
    const mail = await firstMailTo(buyer);
    expect(mail.from).toBe('Tom at Northwind Home <tom@northwind.example>');
    expect(mail.text).toMatch(/\b(5|five|5th|fifth)\b/i);
    expectPersonalNote(mail, 'Tom');
  });

  it('names the product as a person would, not as the catalogue does', async () => {
    const buyer = email('duvet');
    await rt.shopify('orders/create', shopifyOrder({ id: String(7_000 + ++n), email: buyer, at: at(), items: [{ title: 'Linen Duvet Cover', variant: 'Queen / Sage', price: '248.00' }] }));
    const mail = await firstMailTo(buyer);
    expect(mail.text).toMatch(/linen duvet cover/);
    expect(mail.text).not.toMatch(/Queen \/ Sage|x1/);
  });

  it('keeps addresses and what customers wrote out of the logs', () => {
    expect(logs.length).toBeGreaterThan(10);
    const all = logs.join('\n');
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(all).not.toMatch(/Lena|Léa|Lucía/);
    // Nothing even tried to: the logger's mask had nothing to hide.
    expect(all).not.toContain('[address]');
  });
});
