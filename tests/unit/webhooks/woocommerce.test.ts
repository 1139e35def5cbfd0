import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../functions/adapters/webhooks/types.ts';
import { woocommerce } from '../../../functions/adapters/webhooks/woocommerce.ts';
import { PurchaseEvent, countsAsPurchase, orderStage, type OrderEvent } from '../../../functions/core/domain/purchase.ts';
import { StoreConfig } from '../../../functions/core/domain/store.ts';
import { wooHeaders, wooPing } from '../../support/sign-webhook.ts';

const SECRET = 'Kp2#x9!vLq7^wZ4@';
const OTHER_STORE_SECRET = 'nordlicht-wolle-7f3e';
const SITE = 'https://atelier-lumiere.example';

function makeStore(sourceUrl?: string): StoreConfig {
  return StoreConfig.parse({
    id: 'atelier-lumiere',
    name: 'Atelier Lumière',
    timeZone: 'Europe/Paris',
    language: 'fr',
    currency: 'EUR',
    persona: { name: 'Camille', email: 'camille@atelier-lumiere.example' },
    senior: { name: 'Hélène', email: 'helene@atelier-lumiere.example' },
    platforms: { woocommerce: { ...(sourceUrl ? { sourceUrl } : {}), secret: 'atelier/woocommerce' } },
  });
}
const store = makeStore(SITE);

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/webhooks/woocommerce/${name}`, import.meta.url));
}

function delivery(
  topic: string,
  body: Buffer | string,
  opts: Parameters<typeof wooHeaders>[3] & { secret?: string } = {},
): WebhookRequest {
  const rawBody = Buffer.from(body);
  return { headers: wooHeaders(topic, rawBody, opts.secret ?? SECRET, opts), rawBody };
}

/** WooCommerce ids are small, so a JSON round trip is safe here. */
function withChanges(name: string, change: (order: Record<string, unknown>) => void): string {
  const order = JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
  change(order);
  return JSON.stringify(order);
}

function orderOf(topic: string, body: Buffer | string): OrderEvent {
  const parsed = woocommerce.parse(delivery(topic, body));
  if (parsed.kind !== 'event' || parsed.event.kind !== 'order') {
    throw new Error(`expected an order event, got ${JSON.stringify(parsed)}`);
  }
  expect(PurchaseEvent.parse(parsed.event)).toEqual(parsed.event);
  return parsed.event;
}

describe('WooCommerce verification', () => {
  const body = fixture('order-updated-processing.json');

  it('accepts a delivery signed with the store secret', () => {
    expect(woocommerce.verify(delivery('order.updated', body), store, [SECRET], 0)).toEqual({ ok: true });
  });

  it('signs with the secret as WordPress decodes it (&amp; is &)', () => {
    const request = delivery('order.updated', body, { secret: 'tea & "biscuits" <3' });
    expect(woocommerce.verify(request, store, ['tea &amp; &quot;biscuits&quot; &lt;3'], 0)).toEqual({ ok: true });
    expect(woocommerce.verify(request, store, ['tea & "biscuits" <3'], 0)).toEqual({ ok: true });
  });

  it('rejects a JSON delivery without a signature', () => {
    const request = delivery('order.updated', body);
    delete request.headers['x-wc-webhook-signature'];
    const result = woocommerce.verify(request, store, [SECRET], 0);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('x-wc-webhook-signature') });
  });

  it('rejects a wrong secret and another store’s secret', () => {
    expect(woocommerce.verify(delivery('order.updated', body, { secret: 'wrong' }), store, [SECRET], 0).ok).toBe(false);
    const other = delivery('order.updated', body, { secret: OTHER_STORE_SECRET });
    expect(woocommerce.verify(other, store, [SECRET], 0).ok).toBe(false);
  });

  it('rejects a tampered body and a re-serialised one', () => {
    const request = delivery('order.updated', body);
    const tampered = Buffer.from(body.toString('utf8').replace('"total": "64.90"', '"total": "6.49"'));
    expect(woocommerce.verify({ ...request, rawBody: tampered }, store, [SECRET], 0).ok).toBe(false);
    const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(woocommerce.verify({ ...request, rawBody: compact }, store, [SECRET], 0).ok).toBe(false);
  });

  it('checks the source against the store URL, with or without a trailing slash', () => {
    const request = delivery('order.updated', body, { sourceUrl: `${SITE}/` });
    expect(woocommerce.verify(request, makeStore(SITE), [SECRET], 0)).toEqual({ ok: true });
    expect(woocommerce.verify(request, makeStore(`${SITE}/`), [SECRET], 0)).toEqual({ ok: true });
    const noSlash = delivery('order.updated', body, { sourceUrl: SITE });
    expect(woocommerce.verify(noSlash, makeStore(`${SITE}/`), [SECRET], 0)).toEqual({ ok: true });
  });

  it('rejects a delivery from another site, or without a source, when the store names its URL', () => {
    const elsewhere = delivery('order.updated', body, { sourceUrl: 'https://nordlicht-wolle.example/' });
    const result = woocommerce.verify(elsewhere, store, [SECRET], 0);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('nordlicht-wolle.example') });
    const missing = delivery('order.updated', body);
    delete missing.headers['x-wc-webhook-source'];
    expect(woocommerce.verify(missing, store, [SECRET], 0).ok).toBe(false);
  });

  it('accepts any source when the store names no URL', () => {
    const request = delivery('order.updated', body, { sourceUrl: 'https://staging.atelier-lumiere.example/' });
    expect(woocommerce.verify(request, makeStore(), [SECRET], 0)).toEqual({ ok: true });
  });
});

describe('WooCommerce creation ping', () => {
  it('is accepted unsigned and leads to nothing', () => {
    const ping = wooPing(12);
    const request = { headers: ping.headers, rawBody: ping.body };
    expect(woocommerce.verify(request, store, [SECRET], 0)).toEqual({ ok: true, ping: true });
    expect(woocommerce.parse(request).kind).toBe('ignored');
  });

  it('is recognised without a charset too', () => {
    const request = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: Buffer.from('webhook_id=7') };
    expect(woocommerce.verify(request, store, [SECRET], 0)).toEqual({ ok: true, ping: true });
  });

  it.each([
    ['a JSON content type', { 'content-type': 'application/json' }, 'webhook_id=12'],
    ['a second form field', {}, 'webhook_id=12&status=active'],
    ['a non-numeric id', {}, 'webhook_id=abc'],
    ['an order body', {}, '{"id":5127,"status":"processing"}'],
    ['an empty body', {}, ''],
    ['a topic header', { 'x-wc-webhook-topic': 'order.updated' }, 'webhook_id=12'],
  ])('is not accepted with %s', (_what, headers, body) => {
    const ping = wooPing(12);
    const request = { headers: { ...ping.headers, ...headers }, rawBody: Buffer.from(body) };
    expect(woocommerce.verify(request, store, [SECRET], 0).ok).toBe(false);
  });
});

describe('WooCommerce orders', () => {
  it('order.created, pending bank transfer: placed, with Léa’s details in French', () => {
    const event = orderOf('order.created', fixture('order-created-pending.json'));
    expect(event).toMatchObject({
      platform: 'woocommerce',
      topic: 'order.created',
      orderId: '5127',
      occurredAt: '2026-07-10T11:00:01.000Z',
      dedupeKeys: ['woocommerce:5127:pending:2026-07-10T11:00:01.000Z'],
      facts: {},
    });
    expect(orderStage(event)).toBe('placed');
    expect(event.snapshot).toEqual({
      orderName: '#5127',
      email: 'lea.martin@example.com',
      firstName: 'Léa',
      lastName: 'Martin',
      locale: 'fr',
      address: { country: 'FR', region: null, city: 'Lyon', latitude: null, longitude: null },
      items: [
        { title: 'Bougie parfumée', variant: 'Figue / 200 g', quantity: 2, sku: 'BOUG-FIG-200', productId: '2210', unitPriceMinor: 1500 },
        { title: 'Carnet en lin', variant: null, quantity: 1, sku: 'CARNET-LIN', productId: '1987', unitPriceMinor: 2083 },
      ],
      totalMinor: 6490,
      currency: 'EUR',
      createdAt: '2026-07-10T11:00:00.000Z',
      test: false,
    });
  });

  it('processing: paid when the payment was recorded', () => {
    const event = orderOf('order.updated', fixture('order-updated-processing.json'));
    expect(event.facts).toEqual({ paidAt: '2026-07-11T08:12:44.000Z' });
    expect(countsAsPurchase({ facts: event.facts, snapshot: event.snapshot ?? null })).toBe(true);
  });

  it('completed: paid and fulfilled', () => {
    const event = orderOf('order.updated', fixture('order-updated-completed.json'));
    expect(event.facts).toEqual({ paidAt: '2026-07-11T08:12:44.000Z', fulfilledAt: '2026-07-12T14:30:02.000Z' });
    expect(orderStage(event)).toBe('fulfilled');
  });

  it('cancelled: cancelled at the last modification', () => {
    const event = orderOf('order.updated', fixture('order-updated-cancelled.json'));
    expect(event.facts).toEqual({ cancelledAt: '2026-07-17T11:00:04.000Z' });
    expect(orderStage(event)).toBe('cancelled');
  });

  it('refunded: fully refunded, and no longer counts as a purchase', () => {
    const event = orderOf('order.updated', fixture('order-updated-refunded.json'));
    expect(event.facts).toEqual({
      paidAt: '2026-07-11T08:12:44.000Z',
      fulfilledAt: '2026-07-12T14:30:02.000Z',
      refundedAt: '2026-07-20T09:45:00.000Z',
      fullyRefunded: true,
    });
    expect(countsAsPurchase({ facts: event.facts, snapshot: event.snapshot ?? null })).toBe(false);
  });

  it('on-hold is placed', () => {
    const body = withChanges('order-created-pending.json', (o) => (o.status = 'on-hold'));
    const event = orderOf('order.updated', body);
    expect(orderStage(event)).toBe('placed');
    expect(event.dedupeKeys).toEqual(['woocommerce:5127:on-hold:2026-07-10T11:00:01.000Z']);
  });

  it('a failed payment and a checkout draft are ignored', () => {
    const failed = woocommerce.parse(delivery('order.updated', fixture('order-updated-failed.json')));
    expect(failed).toEqual({ kind: 'ignored', topic: 'order.updated' });
    const draft = withChanges('order-created-pending.json', (o) => (o.status = 'checkout-draft'));
    expect(woocommerce.parse(delivery('order.created', draft)).kind).toBe('ignored');
  });

  it('a binned order is cancelled, and its customer data is not taken', () => {
    const body = withChanges('order-updated-processing.json', (o) => {
      o.status = 'trash';
      o.date_modified_gmt = '2026-07-15T07:00:00';
    });
    const event = orderOf('order.updated', body);
    expect(event.facts.cancelledAt).toBe('2026-07-15T07:00:00.000Z');
    expect(event.snapshot).toBeUndefined();
  });

  it('order.restored is read like an update', () => {
    const event = orderOf('order.restored', fixture('order-updated-processing.json'));
    expect(event.facts.paidAt).toBe('2026-07-11T08:12:44.000Z');
    expect(event.snapshot?.orderName).toBe('#5127');
  });

  it('Polylang order with a billing address only', () => {
    const event = orderOf('order.created', fixture('order-created-processing-polylang.json'));
    expect(event.snapshot).toMatchObject({
      orderName: '#884',
      email: 'anja.vogel@example.com',
      firstName: 'Anja',
      locale: 'de',
      address: { country: 'DE', region: 'HH', city: 'Hamburg', latitude: null, longitude: null },
      totalMinor: 12900,
      items: [{ title: 'Wolldecke Fjord', variant: null, quantity: 1, unitPriceMinor: 10840 }],
    });
  });

  it.each(['wpml_language', '_wpml_language', 'pll_language', '_pll_language', 'lang'])(
    'reads the language from meta_data %s',
    (key) => {
      const body = withChanges('order-created-pending.json', (o) => (o.meta_data = [{ id: 1, key, value: 'es' }]));
      expect(orderOf('order.created', body).snapshot?.locale).toBe('es');
    },
  );

  it('has no locale when no language plugin left one', () => {
    const body = withChanges('order-created-pending.json', (o) => (o.meta_data = []));
    expect(orderOf('order.created', body).snapshot?.locale).toBeNull();
  });

  it('the first name falls back to the shipping address', () => {
    const body = withChanges('order-created-pending.json', (o) => {
      (o.billing as Record<string, string>).first_name = '';
    });
    expect(orderOf('order.created', body).snapshot?.firstName).toBe('Léa');
  });
});

describe('WooCommerce dates without a zone', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('are read as UTC even where the local zone is not UTC', () => {
    process.env.TZ = 'Pacific/Auckland';
    // The trap: a zone-less string is local time to JavaScript.
    expect(new Date('2026-07-10T11:00:00').toISOString()).not.toBe('2026-07-10T11:00:00.000Z');
    const event = orderOf('order.updated', fixture('order-updated-processing.json'));
    expect(event.snapshot?.createdAt).toBe('2026-07-10T11:00:00.000Z');
    expect(event.facts.paidAt).toBe('2026-07-11T08:12:44.000Z');
  });

  it('keep their zone when WooCommerce sends one', () => {
    const body = withChanges('order-updated-processing.json', (o) => (o.date_paid_gmt = '2026-07-11T08:12:44+00:00'));
    expect(orderOf('order.updated', body).facts.paidAt).toBe('2026-07-11T08:12:44.000Z');
  });
});

describe('WooCommerce dedupe', () => {
  it('two deliveries of one state are duplicates; a new state is not', () => {
    const first = orderOf('order.updated', fixture('order-updated-processing.json'));
    const again = woocommerce.parse(delivery('order.updated', fixture('order-updated-processing.json'), { deliveryId: 'another' }));
    expect(again.kind === 'event' && again.event.dedupeKeys).toEqual(first.dedupeKeys);
    expect(orderOf('order.updated', fixture('order-updated-completed.json')).dedupeKeys).not.toEqual(first.dedupeKeys);
  });
});

describe('WooCommerce topics we do not act on', () => {
  it.each(['order.deleted', 'product.updated', 'customer.created', 'action.woocommerce_order_status_changed'])(
    '%s is ignored',
    (topic) => {
      expect(woocommerce.parse(delivery(topic, fixture('order-deleted.json')))).toEqual({ kind: 'ignored', topic });
    },
  );
});

describe('WooCommerce payloads that cannot be read', () => {
  it('malformed JSON is invalid', () => {
    expect(woocommerce.parse(delivery('order.updated', '{"id": 5127,'))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it.each([
    ['status', (o: Record<string, unknown>) => delete o.status],
    ['date_created_gmt', (o: Record<string, unknown>) => delete o.date_created_gmt],
    ['total', (o: Record<string, unknown>) => (o.total = 'n/a')],
    ['line_items', (o: Record<string, unknown>) => delete o.line_items],
    ['date_paid_gmt', (o: Record<string, unknown>) => (o.date_paid_gmt = 'yesterday')],
  ])('an order with a missing or unreadable %s is invalid and says so', (field, change) => {
    const body = withChanges('order-updated-processing.json', change);
    expect(woocommerce.parse(delivery('order.updated', body))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining(field),
    });
  });

  it('a delivery without a topic header is invalid', () => {
    const request = delivery('order.updated', fixture('order-updated-processing.json'));
    delete request.headers['x-wc-webhook-topic'];
    expect(woocommerce.parse(request).kind).toBe('invalid');
  });
});
