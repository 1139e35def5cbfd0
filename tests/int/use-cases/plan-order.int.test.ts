/**
 * planOrder, called directly against DynamoDB Local with a fixed clock: it reads the order and
 * its store itself, plans the customer's notes in the customer's own time, plans nothing twice,
 * and cancels what a cancellation makes pointless.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPk, noteSk } from '../../../functions/adapters/dynamodb/items.ts';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { ingestPurchaseEvent } from '../../../functions/core/use-cases/ingest-purchase-event.ts';
import { planOrder } from '../../../functions/core/use-cases/plan-follow-ups.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { shopifyOrderEvent, useCaseParts } from '../../support/use-case-parts.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const AT = '2026-11-23T15:00:00.000Z';
let parts: Awaited<ReturnType<typeof useCaseParts>>;

beforeAll(async () => {
  // Notes are kept 60 days from when they fall due, so a note moved later must be kept longer.
  parts = await useCaseParts({ at: AT, config: testConfig({ retention: { notes: 'P60D' } }) });
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

  it('keeps a note that a second order moved later for the whole retention from its new due time', async () => {
    const buyer = 'cy.plan@example.com';
    const key = customerKey('northwind', buyer);
    await planOrder(parts, await takeIn('orders/create', shopifyOrder({ id: '5500003', email: buyer, at: AT })));
    const [first] = (await parts.customers.load(key)).notes;
    const expiry = async () => {
      const { Item } = await parts.table.client.send(new GetItemCommand({ TableName: parts.table.tableName, Key: { pk: { S: customerPk(key) }, sk: { S: noteSk(first!.noteId) } } }));
      return unmarshall(Item!).expiresAt as number;
    };
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    expect(await expiry()).toBe(seconds(first!.dueAt) + 60 * 86_400);

    // Two days on, within the three days in which orders share one note: the note waits for the newer one.
    const later = new Date(Date.parse(AT) + 2 * 86_400_000).toISOString();
    parts.clock.set(new Date(later));
    await planOrder(parts, await takeIn('orders/create', shopifyOrder({ id: '5500004', email: buyer, at: later })));
    const [moved] = (await parts.customers.load(key)).notes.filter((n) => n.noteId === first!.noteId);
    expect(Date.parse(moved!.dueAt)).toBeGreaterThan(Date.parse(first!.dueAt) + 86_400_000);
    expect(Object.keys(moved!.orders)).toHaveLength(2);
    expect(await expiry()).toBe(seconds(moved!.dueAt) + 60 * 86_400);
  });
});
