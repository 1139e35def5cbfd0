import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { stripeCheckout, stripeRefund, wooOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { stripeHeaders, wooHeaders, wooPing } from '../../support/sign-webhook.ts';

const NOW = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const email = () => `buyer-${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: NOW });
});
afterAll(() => rt?.stop());

describe('WooCommerce intake', () => {
  const nextId = () => 9000 + ++n;
  const order = (id: number) => rt.deps.orders.get('northwind', 'woocommerce', String(id));

  it('answers the unsigned creation ping with 200 and stores nothing', async () => {
    const ping = wooPing(31);
    const res = await rt.post('/webhooks/woocommerce', ping.body, ping.headers);
    expect(res).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });

  it('refuses an unsigned JSON body: unsigned never means valid', async () => {
    const body = JSON.stringify(wooOrder({ id: nextId(), email: email(), firstName: 'Léa', status: 'processing', at: NOW }));
    const res = await rt.post('/webhooks/woocommerce', body, { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created' });
    expect(res.status).toBe(401);
  });

  it('follows an order from processing to completed, and counts it once', async () => {
    const id = nextId();
    const buyer = email();
    expect((await rt.woo('order.created', wooOrder({ id, email: buyer, firstName: 'Léa', status: 'processing', at: NOW }))).body.status).toBe('accepted');
    const later = '2026-11-24T09:00:00.000Z';
    expect((await rt.woo('order.updated', wooOrder({ id, email: buyer, firstName: 'Léa', status: 'completed', at: later }))).body.status).toBe('accepted');
    const stored = await order(id);
    expect(stored?.facts).toMatchObject({ paidAt: expect.any(String), fulfilledAt: '2026-11-24T09:00:00.000Z' });
    expect((await rt.deps.customers.load(customerKey('northwind', buyer))).profile?.orderCount).toBe(1);
  });

  it('reads dates without a zone as UTC, whatever the machine’s zone', async () => {
    const id = nextId();
    await rt.woo('order.created', wooOrder({ id, email: email(), firstName: 'Léa', status: 'processing', at: '2026-11-23T13:00:00Z' }));
    expect((await order(id))?.facts.paidAt).toBe('2026-11-23T13:00:00.000Z');
  });

  it('answers "duplicate" to the same state delivered again (WooCommerce has no stable delivery id)', async () => {
    const id = nextId();
    const payload = wooOrder({ id, email: email(), firstName: 'Léa', status: 'processing', at: NOW });
    expect((await rt.woo('order.created', payload)).body.status).toBe('accepted');
    expect((await rt.woo('order.updated', payload)).body.status).toBe('duplicate');
  });

  it('stops counting a cancelled order', async () => {
    const id = nextId();
    const buyer = email();
    await rt.woo('order.created', wooOrder({ id, email: buyer, firstName: 'Léa', status: 'processing', at: NOW }));
    await rt.woo('order.updated', wooOrder({ id, email: buyer, firstName: 'Léa', status: 'cancelled', at: '2026-11-23T16:00:00Z' }));
    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile?.orderCount).toBe(0);
    expect(file.notes.every((note) => note.status === 'cancelled')).toBe(true);
  });

  it('refuses a body signed with the wrong secret', async () => {
    const body = JSON.stringify(wooOrder({ id: nextId(), email: email(), firstName: 'Léa', status: 'processing', at: NOW }));
    expect((await rt.post('/webhooks/woocommerce', body, wooHeaders('order.created', body, 'not-the-secret'))).status).toBe(401);
  });
});

describe('Stripe intake', () => {
  const pi = () => `pi_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const evt = () => `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const seconds = () => Math.floor(rt.clock.now().getTime() / 1000);

  it('takes in a paid checkout and lands the refund on the same order', async () => {
    const intent = pi();
    const buyer = email();
    const res = await rt.stripe(stripeCheckout({ eventId: evt(), paymentIntent: intent, email: buyer, name: 'Lucía Fernández', at: NOW, locale: 'es' }));
    expect(res.body.status).toBe('accepted');
    const stored = await rt.deps.orders.get('northwind', 'stripe', intent);
    expect(stored?.snapshot).toMatchObject({ email: buyer, firstName: 'Lucía', locale: 'es' });
    await rt.stripe(stripeRefund({ eventId: evt(), paymentIntent: intent, at: NOW }));
    expect((await rt.deps.orders.get('northwind', 'stripe', intent))?.facts).toMatchObject({ refundedAt: expect.any(String), fullyRefunded: true });
  });

  it('ignores a checkout that is not paid yet', async () => {
    const res = await rt.stripe(stripeCheckout({ eventId: evt(), paymentIntent: pi(), email: email(), name: 'A B', at: NOW, paid: false }));
    expect(res.body.status).toBe('ignored');
  });

  it('answers "duplicate" to an event delivered twice', async () => {
    const payload = stripeCheckout({ eventId: evt(), paymentIntent: pi(), email: email(), name: 'A B', at: NOW });
    expect((await rt.stripe(payload)).body.status).toBe('accepted');
    expect((await rt.stripe(payload)).body.status).toBe('duplicate');
  });

  it('refuses a signature older than five minutes (a replay), and one from the future', async () => {
    const intent = pi();
    const payload = stripeCheckout({ eventId: evt(), paymentIntent: intent, email: email(), name: 'A B', at: NOW });
    expect((await rt.stripe(payload, { t: seconds() - 301 })).status).toBe(401);
    expect((await rt.stripe(payload, { t: seconds() + 301 })).status).toBe(401);
    expect(await rt.deps.orders.get('northwind', 'stripe', intent)).toBeNull();
    expect((await rt.stripe(payload, { t: seconds() - 290 })).status).toBe(200);
  });

  it('checks the tolerance against the virtual clock, not the machine’s', async () => {
    await rt.advance('P30D');
    const payload = stripeCheckout({ eventId: evt(), paymentIntent: pi(), email: email(), name: 'A B', at: rt.clock.now().toISOString() });
    const body = JSON.stringify(payload);
    const res = await rt.post('/webhooks/stripe', body, stripeHeaders(body, 'whsec_local_stripe_secret', seconds()));
    expect(res.status).toBe(200);
  });

  it('refuses a missing signature header', async () => {
    const body = JSON.stringify(stripeCheckout({ eventId: evt(), paymentIntent: pi(), email: email(), name: 'A B', at: NOW }));
    expect((await rt.post('/webhooks/stripe', body, { 'content-type': 'application/json' })).status).toBe(401);
  });
});
