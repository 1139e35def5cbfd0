/**
 * planOrder, called directly against DynamoDB Local with a fixed clock: it reads the order and
 * its store itself, plans the customer's notes in the customer's own time, plans nothing twice,
 * and cancels what a cancellation makes pointless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { ingestPurchaseEvent } from '../../../functions/core/use-cases/ingest-purchase-event.ts';
import { planOrder } from '../../../functions/core/use-cases/plan-follow-ups.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { shopifyOrderEvent, useCaseParts } from '../../support/use-case-parts.ts';

// Monday 2026-11-23, 10:00 in New York.
const AT = '2026-11-23T15:00:00.000Z';
let parts: Awaited<ReturnType<typeof useCaseParts>>;

beforeAll(async () => {
  parts = await useCaseParts({ at: AT });
});
afterAll(() => parts?.close());

async function takeIn(topic: string, payload: unknown) {
  const event = shopifyOrderEvent(topic, payload);
  await ingestPurchaseEvent(parts, { store: parts.store('northwind')!, event });
  return { storeId: 'northwind', platform: event.platform, orderId: event.orderId };
}

describe('planOrder, against DynamoDB Local with a fixed clock', () => {
  it('plans a paid order\'s thank-you two hours on, in the send window, and nothing more when planned again', async () => {
    const buyer = 'ada.plan@example.com';
    const order = await takeIn('orders/create', shopifyOrder({ id: '5500001', email: buyer, at: AT }));
    await planOrder(parts, order);
    const { profile, notes } = await parts.customers.load(customerKey('northwind', buyer));
    expect(profile).toMatchObject({ orderCount: 1, countedOrders: ['shopify:5500001'] });
    expect(notes.map((n) => ({ stage: n.stage, status: n.status }))).toEqual([{ stage: 'thank-you', status: 'scheduled' }]);
    const due = Date.parse(notes[0]!.dueAt) - Date.parse(AT);
    // Two hours after payment, then a few minutes' spread inside the window (12:00 in New York).
    expect(due).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(due).toBeLessThan(2 * 3_600_000 + 30 * 60_000);

    await planOrder(parts, order);
    expect(await parts.customers.load(customerKey('northwind', buyer))).toEqual({ profile, notes });
  });

  it('cancels the planned notes of an order that was cancelled, and uncounts it', async () => {
    const buyer = 'bob.plan@example.com';
    const order = await takeIn('orders/create', shopifyOrder({ id: '5500002', email: buyer, at: AT }));
    await planOrder(parts, order);
    parts.clock.set(new Date(Date.parse(AT) + 60_000));
    await takeIn('orders/cancelled', shopifyOrder({ id: '5500002', email: buyer, at: AT, cancelledAt: parts.clock.now().toISOString(), financialStatus: 'voided' }));
    await planOrder(parts, order);
    const { profile, notes } = await parts.customers.load(customerKey('northwind', buyer));
    expect(profile?.orderCount).toBe(0);
    expect(notes.map((n) => n.status)).toEqual(['cancelled']);
  });

  it('plans nothing for an order that is not there (erased since the change)', async () => {
    await planOrder(parts, { storeId: 'northwind', platform: 'shopify', orderId: '404' });
    expect(parts.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
