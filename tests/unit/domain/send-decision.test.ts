import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../../functions/core/domain/customer.ts';
import type { Note } from '../../../functions/core/domain/note.ts';
import { decideSend, type SendContext } from '../../../functions/core/domain/send-decision.ts';
import { orderState } from '../../support/orders.ts';
import { testStore } from '../../support/stores.ts';

const store = testStore();
// Tuesday 2026-11-24, 11:00 in New York: inside the window.
const now = new Date('2026-11-24T16:00:00Z');
const order = orderState();

const note: Note = {
  customerKey: order.customerKey!,
  noteId: 'aaaaaaaaaa',
  storeId: 'northwind',
  stage: 'check-in',
  orders: { 'shopify:1001': '2026-11-24T15:00:00.000Z' },
  status: 'sending',
  dueAt: '2026-11-24T15:10:00.000Z',
  plannedAt: '2026-11-20T10:00:00.000Z',
  attempts: 1,
  version: 1,
};

const profile: CustomerProfile = {
  customerKey: order.customerKey!,
  storeId: 'northwind',
  email: 'ada@example.com',
  firstName: 'Ada',
  orderCount: 1,
  firstOrderAt: '2026-11-20T10:00:00.000Z',
  spentMinor: { USD: 8900 },
  countedOrders: ['shopify:1001'],
  lastReplyAt: null,
  openEscalations: 0,
  openEscalationId: null,
  lastResolvedAt: null,
};

function context(overrides: Partial<SendContext> = {}): SendContext {
  return { note, store, profile, orders: [order], otherNotes: [], suppressions: [], timeZone: 'America/New_York', now, ...overrides };
}

describe('the last look before a note leaves', () => {
  it('sends when nothing has changed', () => {
    expect(decideSend(context())).toMatchObject({ action: 'send', orders: [order] });
  });

  it('stops for a refund or a cancellation', () => {
    const refunded = orderState({ facts: { paidAt: now.toISOString(), refundedAt: now.toISOString() } });
    expect(decideSend(context({ orders: [refunded] }))).toEqual({ action: 'cancel', reason: 'order-refunded' });
    const cancelled = orderState({ facts: { paidAt: now.toISOString(), cancelledAt: now.toISOString() } });
    expect(decideSend(context({ orders: [cancelled] }))).toEqual({ action: 'cancel', reason: 'order-cancelled' });
  });

  it('mentions only the orders still standing when one of two was refunded', () => {
    const refunded = orderState({ orderId: '1002', facts: { paidAt: now.toISOString(), refundedAt: now.toISOString() } });
    const two = { ...note, orders: { ...note.orders, 'shopify:1002': note.dueAt } };
    expect(decideSend(context({ note: two, orders: [order, refunded] }))).toMatchObject({ action: 'send', orders: [order] });
  });

  it('stops for an unsubscribe, a bounce or a complaint', () => {
    expect(decideSend(context({ suppressions: ['unsubscribed'] }))).toEqual({ action: 'cancel', reason: 'unsubscribed' });
    expect(decideSend(context({ suppressions: ['bounced'] }))).toEqual({ action: 'cancel', reason: 'bounced' });
    expect(decideSend(context({ suppressions: ['complained', 'unsubscribed'] }))).toEqual({ action: 'cancel', reason: 'complained' });
  });

  it('holds when the customer wrote since the plan was made, or an escalation is open', () => {
    expect(decideSend(context({ profile: { ...profile, lastReplyAt: '2026-11-22T09:00:00.000Z' } }))).toEqual({
      action: 'hold',
      reason: 'customer-replied',
    });
    expect(decideSend(context({ profile: { ...profile, lastReplyAt: '2026-11-19T09:00:00.000Z' } })).action).toBe('send');
    expect(decideSend(context({ profile: { ...profile, openEscalations: 1 } }))).toEqual({ action: 'hold', reason: 'open-escalation' });
  });

  it('defers, never drops, a check-in within seven days of the last one', () => {
    const earlier: Note = { ...note, noteId: 'bbbbbbbbbb', status: 'sent', sentAt: '2026-11-20T15:00:00.000Z' };
    const decision = decideSend(context({ otherNotes: [earlier] }));
    expect(decision).toMatchObject({ action: 'defer', reason: 'check-in-cap' });
    if (decision.action === 'defer') expect(decision.until.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-27T15:00:00Z'));
  });

  it('defers any note within a day of another note', () => {
    const thanks: Note = { ...note, noteId: 'cccccccccc', stage: 'thank-you', status: 'sent', sentAt: '2026-11-24T14:00:00.000Z' };
    const decision = decideSend(context({ otherNotes: [thanks] }));
    expect(decision).toMatchObject({ action: 'defer', reason: 'daily-cap' });
    if (decision.action === 'defer') expect(decision.until.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-25T14:00:00Z'));
  });

  it('waits for the send window when the moment has slipped out of it', () => {
    const night = new Date('2026-11-25T04:00:00Z'); // 23:00 in New York
    expect(decideSend(context({ now: night }))).toMatchObject({ action: 'defer', reason: 'outside-send-window' });
  });

  it('cancels when the customer was erased', () => {
    expect(decideSend(context({ profile: null }))).toEqual({ action: 'cancel', reason: 'customer-erased' });
  });
});
