import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripe } from '../../../functions/adapters/webhooks/stripe.ts';
import type { WebhookRequest } from '../../../functions/adapters/webhooks/types.ts';
import { PurchaseEvent, countsAsPurchase, orderStage, type OrderEvent } from '../../../functions/core/domain/purchase.ts';
import { StoreConfig } from '../../../functions/core/domain/store.ts';
import { signStripe, stripeHeaders } from '../../support/sign-webhook.ts';

const SECRET = 'whsec_5f0c3b8e1a7d49c2b6e0f4a8d2c7b1e9';
const ROLLED_SECRET = 'whsec_a2d9e4c7f1b0638e5d2a9c4f7b1e0d63';
const OTHER_STORE_SECRET = 'whsec_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';
const NOW = 1774012360;

const store = StoreConfig.parse({
  id: 'ceramica-sol',
  name: 'Cerámica Sol',
  timeZone: 'Europe/Madrid',
  language: 'es',
  currency: 'EUR',
  persona: { name: 'Marta', email: 'marta@ceramica-sol.example' },
  senior: { name: 'Javier', email: 'javier@ceramica-sol.example' },
  platforms: { stripe: { secret: 'ceramica/stripe' } },
});

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/webhooks/stripe/${name}`, import.meta.url));
}

function delivery(body: Buffer | string, t = NOW, secret = SECRET): WebhookRequest {
  const rawBody = Buffer.from(body);
  return { headers: stripeHeaders(rawBody, secret, t), rawBody };
}

/** Stripe ids fit in a double, so a JSON round trip is safe here. */
function withChanges(name: string, change: (event: { type: string; data: { object: Record<string, unknown> } }) => void): string {
  const event = JSON.parse(fixture(name).toString('utf8'));
  change(event);
  return JSON.stringify(event);
}

function orderOf(body: Buffer | string): OrderEvent {
  const parsed = stripe.parse(delivery(body));
  if (parsed.kind !== 'event' || parsed.event.kind !== 'order') {
    throw new Error(`expected an order event, got ${JSON.stringify(parsed)}`);
  }
  expect(PurchaseEvent.parse(parsed.event)).toEqual(parsed.event);
  return parsed.event;
}

describe('Stripe verification', () => {
  const body = fixture('checkout-session-completed-paid.json');

  it('accepts a fresh delivery signed with the endpoint secret', () => {
    expect(stripe.verify(delivery(body), store, [SECRET], NOW)).toEqual({ ok: true });
  });

  it('accepts up to 300 s of clock difference either way', () => {
    expect(stripe.verify(delivery(body, NOW - 300), store, [SECRET], NOW)).toEqual({ ok: true });
    expect(stripe.verify(delivery(body, NOW + 300), store, [SECRET], NOW)).toEqual({ ok: true });
  });

  it('rejects a stale timestamp', () => {
    const result = stripe.verify(delivery(body, NOW - 301), store, [SECRET], NOW);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('301 s old') });
  });

  it('rejects a timestamp far in the future', () => {
    const result = stripe.verify(delivery(body, NOW + 3600), store, [SECRET], NOW);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('in the future') });
  });

  it('accepts any of several v1 signatures (a secret being rolled)', () => {
    const request = delivery(body, NOW, ROLLED_SECRET);
    const current = signStripe(body, SECRET, NOW).split(',')[1];
    request.headers['stripe-signature'] = `${request.headers['stripe-signature']},${current}`;
    expect(stripe.verify(request, store, [SECRET], NOW)).toEqual({ ok: true });
  });

  it('ignores a v0 signature', () => {
    const v0 = createHmac('sha256', SECRET).update(`${NOW}.`).update(body).digest('hex');
    const request = delivery(body);
    request.headers['stripe-signature'] = `t=${NOW},v0=${v0}`;
    expect(stripe.verify(request, store, [SECRET], NOW)).toEqual({ ok: false, reason: expect.stringContaining('no v1') });
  });

  it('rejects a missing or malformed header', () => {
    const request = delivery(body);
    delete request.headers['stripe-signature'];
    expect(stripe.verify(request, store, [SECRET], NOW)).toEqual({ ok: false, reason: expect.stringContaining('missing') });
    request.headers['stripe-signature'] = 'v1=deadbeef';
    expect(stripe.verify(request, store, [SECRET], NOW).ok).toBe(false);
    request.headers['stripe-signature'] = 'garbage';
    expect(stripe.verify(request, store, [SECRET], NOW).ok).toBe(false);
  });

  it('rejects a wrong secret and another store’s secret', () => {
    expect(stripe.verify(delivery(body, NOW, 'whsec_wrong'), store, [SECRET], NOW).ok).toBe(false);
    expect(stripe.verify(delivery(body, NOW, OTHER_STORE_SECRET), store, [SECRET], NOW).ok).toBe(false);
  });

  it('rejects a tampered body and a re-serialised one', () => {
    const request = delivery(body);
    const tampered = Buffer.from(body.toString('utf8').replace('"amount_total": 5400', '"amount_total": 54'));
    expect(stripe.verify({ ...request, rawBody: tampered }, store, [SECRET], NOW).ok).toBe(false);
    const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(stripe.verify({ ...request, rawBody: compact }, store, [SECRET], NOW).ok).toBe(false);
  });

  it('rejects a replay with a fresh timestamp pasted onto an old signature', () => {
    const request = delivery(body, NOW - 3600);
    request.headers['stripe-signature'] = request.headers['stripe-signature']!.replace(`t=${NOW - 3600}`, `t=${NOW}`);
    expect(stripe.verify(request, store, [SECRET], NOW).ok).toBe(false);
  });
});

describe('Stripe Checkout', () => {
  it('checkout.session.completed, paid: Lucía’s order, keyed by its PaymentIntent', () => {
    const event = orderOf(fixture('checkout-session-completed-paid.json'));
    expect(event).toMatchObject({
      platform: 'stripe',
      topic: 'checkout.session.completed',
      orderId: 'pi_3R2mPxLk8vX3pN0a1Q2w3E4r',
      occurredAt: '2026-03-20T13:12:31.000Z',
      dedupeKeys: ['stripe:evt_1R2mQ4Lk8vX3pN0aT7bYc5Qe'],
      facts: { paidAt: '2026-03-20T13:12:31.000Z' },
    });
    expect(event.snapshot).toEqual({
      orderName: '#O8PA1SD4',
      email: 'lucia.fernandez@example.com',
      firstName: 'Lucía',
      lastName: 'Fernández García',
      locale: 'es',
      address: { country: 'ES', region: 'M', city: 'Madrid', latitude: null, longitude: null },
      items: [],
      totalMinor: 5400,
      currency: 'EUR',
      createdAt: '2026-03-20T13:11:30.000Z',
      test: false,
    });
    expect(countsAsPurchase({ facts: event.facts, snapshot: event.snapshot ?? null })).toBe(true);
  });

  it('checkout.session.completed, unpaid (bank debit still pending): ignored', () => {
    const parsed = stripe.parse(delivery(fixture('checkout-session-completed-unpaid.json')));
    expect(parsed).toEqual({ kind: 'ignored', topic: 'checkout.session.completed' });
  });

  it('checkout.session.async_payment_succeeded: the bank debit arrived', () => {
    const event = orderOf(fixture('checkout-session-async-payment-succeeded.json'));
    expect(event).toMatchObject({
      orderId: 'pi_3R4nKqAb7cD8eF9g0H1i2J3k',
      facts: { paidAt: '2026-04-18T14:02:56.000Z' },
    });
    expect(event.snapshot).toMatchObject({
      orderName: 'NW-20417',
      email: 'jordan.ellis@example.com',
      firstName: 'Jordan',
      // "auto" is the browser's choice, not a signal about the customer.
      locale: null,
      address: { country: 'US', region: 'NY', city: 'Brooklyn' },
      totalMinor: 18500,
      currency: 'USD',
      test: true,
    });
  });

  it('a free order (no payment required) is paid and keyed by its session', () => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => {
      Object.assign(e.data.object, { payment_status: 'no_payment_required', payment_intent: null, amount_total: 0 });
    });
    const event = orderOf(body);
    expect(event.orderId.startsWith('cs_live_b1Kq8ZrT3yV6nW9pQ2sD5fG8')).toBe(true);
    expect(event.facts.paidAt).toBe('2026-03-20T13:12:31.000Z');
    expect(event.snapshot?.totalMinor).toBe(0);
  });

  it('a setup session (no purchase) is ignored', () => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => {
      Object.assign(e.data.object, { mode: 'setup', payment_status: 'no_payment_required', currency: null });
    });
    expect(stripe.parse(delivery(body)).kind).toBe('ignored');
  });

  it('the email falls back to customer_email', () => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => {
      Object.assign(e.data.object, { customer_details: null, customer_email: 'lucia.f@example.com' });
    });
    const event = orderOf(body);
    expect(event.snapshot).toMatchObject({ email: 'lucia.f@example.com', firstName: null, address: null });
  });

  it('uses line items when the session was expanded', () => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => {
      e.data.object.line_items = {
        object: 'list',
        data: [
          {
            id: 'li_1R2mPwLk8vX3pN0a',
            object: 'item',
            amount_subtotal: 4800,
            amount_total: 4800,
            currency: 'eur',
            description: 'Cuenco de gres, azul',
            quantity: 2,
            price: { id: 'price_1Q9zZaLk8vX3pN0a', unit_amount: 2400, product: 'prod_R2mPvXyZ0aBcDe' },
          },
        ],
        has_more: false,
      };
    });
    expect(orderOf(body).snapshot?.items).toEqual([
      { title: 'Cuenco de gres, azul', variant: null, quantity: 2, sku: null, productId: 'prod_R2mPvXyZ0aBcDe', unitPriceMinor: 2400 },
    ]);
  });
});

describe('Stripe refunds', () => {
  it('charge.refunded lands on the order its checkout created', () => {
    const checkout = orderOf(fixture('checkout-session-completed-paid.json'));
    const refund = orderOf(fixture('charge-refunded.json'));
    expect(refund.orderId).toBe(checkout.orderId);
    expect(refund).toMatchObject({
      topic: 'charge.refunded',
      dedupeKeys: ['stripe:evt_3R2mPxLk8vX3pN0a0Rf9Gh8j'],
      facts: { refundedAt: '2026-03-27T09:40:02.000Z', fullyRefunded: true },
    });
    expect(refund.snapshot).toBeUndefined();
    expect(orderStage(refund)).toBe('refunded');
  });

  it('a partial refund is not a full one', () => {
    const body = withChanges('charge-refunded.json', (e) => Object.assign(e.data.object, { refunded: false, amount_refunded: 1800 }));
    expect(orderOf(body).facts).toEqual({ refundedAt: '2026-03-27T09:40:02.000Z' });
  });
});

describe('Stripe events we do not act on', () => {
  it.each([
    'payment_intent.succeeded',
    'checkout.session.expired',
    'checkout.session.async_payment_failed',
    'customer.created',
    'charge.dispute.created',
  ])('%s is ignored', (type) => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => (e.type = type));
    expect(stripe.parse(delivery(body))).toEqual({ kind: 'ignored', topic: type });
  });
});

describe('Stripe payloads that cannot be read', () => {
  it('malformed JSON is invalid', () => {
    expect(stripe.parse(delivery('{"id": "evt_1", "type": '))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('an envelope without a type is invalid', () => {
    const body = withChanges('charge-refunded.json', (e) => delete (e as Partial<typeof e>).type);
    expect(stripe.parse(delivery(body))).toEqual({ kind: 'invalid', message: expect.stringContaining('type') });
  });

  it('a paid session without amount_total is invalid and says so', () => {
    const body = withChanges('checkout-session-completed-paid.json', (e) => delete e.data.object.amount_total);
    expect(stripe.parse(delivery(body))).toEqual({ kind: 'invalid', message: expect.stringContaining('amount_total') });
  });

  it('a refund without `refunded` is invalid and says so', () => {
    const body = withChanges('charge-refunded.json', (e) => delete e.data.object.refunded);
    expect(stripe.parse(delivery(body))).toEqual({ kind: 'invalid', message: expect.stringContaining('refunded') });
  });
});
