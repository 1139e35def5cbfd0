import { describe, expect, it } from 'vitest';
import { planChanges, stageDues } from '../../../functions/core/domain/plan.ts';
import type { Note } from '../../../functions/core/domain/note.ts';
import { orderState } from '../../support/orders.ts';
import { testStore } from '../../support/stores.ts';

const store = testStore();
const now = new Date('2026-11-23T14:05:00Z');

describe('which stages an order gets', () => {
  it('a paid order gets a thank-you two hours after payment', () => {
    expect(stageDues(orderState(), store, 'first-order')).toEqual([
      { stage: 'thank-you', due: new Date('2026-11-23T16:00:00Z') },
    ]);
  });

  it('a delivered order gets a check-in three days after delivery', () => {
    const order = orderState({ facts: { paidAt: '2026-11-23T14:00:00Z', fulfilledAt: '2026-11-24T10:00:00Z', deliveredAt: '2026-11-26T12:00:00Z' } });
    const checkIn = stageDues(order, store, 'returning').find((d) => d.stage === 'check-in');
    expect(checkIn?.due.toISOString()).toBe('2026-11-29T12:00:00.000Z');
  });

  it('an order never marked delivered gets its check-in counted from fulfilment', () => {
    const order = orderState({ facts: { paidAt: '2026-11-23T14:00:00Z', fulfilledAt: '2026-11-24T10:00:00Z' } });
    const checkIn = stageDues(order, store, 'returning').find((d) => d.stage === 'check-in');
    expect(checkIn?.due.toISOString()).toBe('2026-12-04T10:00:00.000Z');
  });

  it('cancelled, refunded, unreachable and test orders get nothing', () => {
    expect(stageDues(orderState({ facts: { paidAt: now.toISOString(), cancelledAt: now.toISOString() } }), store, 'first-order')).toEqual([]);
    expect(stageDues(orderState({ facts: { paidAt: now.toISOString(), refundedAt: now.toISOString() } }), store, 'first-order')).toEqual([]);
    expect(stageDues(orderState({}, { email: null }), store, 'first-order')).toEqual([]);
    expect(stageDues(orderState({}, { test: true }), testStore({ includeTestOrders: false }), 'first-order')).toEqual([]);
  });

  it('a stage switched off or limited to other segments does not run', () => {
    const off = testStore({ plan: { 'thank-you': { enabled: false, after: 'paid', delay: 'PT2H' } } });
    expect(stageDues(orderState(), off, 'first-order')).toEqual([]);
    const loyalOnly = testStore({ plan: { 'thank-you': { after: 'paid', delay: 'PT2H', segments: ['long-time'] } } });
    expect(stageDues(orderState(), loyalOnly, 'first-order')).toEqual([]);
    expect(stageDues(orderState(), loyalOnly, 'long-time')).toHaveLength(1);
  });
});

describe('planning notes', () => {
  const firstOrder = orderState();

  it('creates one note, due inside the customer’s send window', () => {
    const actions = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.type).toBe('create');
    const note = actions[0]!.note;
    expect(note.stage).toBe('thank-you');
    expect(Date.parse(note.dueAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-23T16:00:00Z'));
  });

  it('lets a second order two days later join the pending note instead of creating another', () => {
    const [created] = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now });
    const note: Note = { ...created!.note };
    const second = orderState({ orderId: '1002', facts: { paidAt: '2026-11-25T09:00:00Z' } });
    const actions = planChanges({ order: second, store, dues: stageDues(second, store, 'returning'), notes: [note], timeZone: 'America/New_York', now: new Date('2026-11-25T09:00:00Z') });
    expect(actions.map((a) => a.type)).toEqual(['join']);
    expect(actions[0]!.type === 'join' && Object.keys({ ...note.orders, [actions[0]!.orderRef]: '' })).toEqual(['shopify:1001', 'shopify:1002']);
  });

  it('does nothing when run again on the same state', () => {
    const [created] = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now });
    const again = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [created!.note], timeZone: 'America/New_York', now });
    expect(again).toEqual([]);
  });

  it('cancels a pending note when its only order is cancelled', () => {
    const [created] = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now });
    const cancelled = orderState({ facts: { paidAt: now.toISOString(), cancelledAt: now.toISOString() } });
    const actions = planChanges({ order: cancelled, store, dues: stageDues(cancelled, store, 'first-order'), notes: [created!.note], timeZone: 'America/New_York', now });
    expect(actions).toMatchObject([{ type: 'leave', dueAt: null }]);
  });

  it('leaves a note that is already on its way alone', () => {
    const [created] = planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now });
    const queued = { ...created!.note, queueToken: 't' };
    const cancelled = orderState({ facts: { paidAt: now.toISOString(), cancelledAt: now.toISOString() } });
    expect(planChanges({ order: cancelled, store, dues: [], notes: [queued], timeZone: 'America/New_York', now })).toEqual([]);
  });

  it('skips a stage whose moment passed days ago (an event delivered very late)', () => {
    const late = new Date('2026-12-01T12:00:00Z');
    expect(planChanges({ order: firstOrder, store, dues: stageDues(firstOrder, store, 'first-order'), notes: [], timeZone: 'America/New_York', now: late })).toEqual([]);
  });
});
