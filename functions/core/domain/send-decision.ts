/**
 * The last look before a note leaves. Everything may have changed since it was planned: the
 * order refunded, the customer unsubscribed or bounced, a reply came in, an escalation opened,
 * another note went out yesterday. A person would check all of that; so do we.
 */
import type { CustomerProfile } from './customer.ts';
import { parseDuration } from './duration.ts';
import type { Note } from './note.ts';
import { orderRef, type OrderState } from './purchase.ts';
import { isInsideWindow, nextSendMoment } from './send-window.ts';
import type { StoreConfig } from './store.ts';

export type Suppression = 'bounced' | 'complained' | 'unsubscribed';

export type SendDecision =
  | { action: 'send'; orders: OrderState[] }
  | { action: 'cancel'; reason: string }
  | { action: 'hold'; reason: string }
  | { action: 'defer'; until: Date; reason: string };

export interface SendContext {
  note: Note;
  store: StoreConfig;
  profile: CustomerProfile | null;
  /** The orders the note covers, as they are now. */
  orders: OrderState[];
  /** The customer's other notes. */
  otherNotes: Note[];
  suppressions: Suppression[];
  timeZone: string;
  now: Date;
}

function stillWanted(note: Note, order: OrderState): boolean {
  const f = order.facts;
  if (f.cancelledAt || f.refundedAt) return false;
  if (note.stage === 'shipped') return Boolean(f.fulfilledAt) && !f.deliveredAt;
  return true;
}

function lastSent(notes: Note[], filter: (n: Note) => boolean): number | null {
  let last: number | null = null;
  for (const n of notes) {
    if (n.status !== 'sent' || !n.sentAt || !filter(n)) continue;
    const at = Date.parse(n.sentAt);
    if (last === null || at > last) last = at;
  }
  return last;
}

export function decideSend(ctx: SendContext): SendDecision {
  const { note, store, profile, now } = ctx;
  if (!profile) return { action: 'cancel', reason: 'customer-erased' };
  for (const s of ['complained', 'bounced', 'unsubscribed'] as const) {
    if (ctx.suppressions.includes(s)) return { action: 'cancel', reason: s };
  }

  const live = ctx.orders.filter((o) => orderRef(o.platform, o.orderId) in note.orders && stillWanted(note, o));
  if (live.length === 0) {
    const refunded = ctx.orders.some((o) => o.facts.refundedAt);
    const cancelled = ctx.orders.some((o) => o.facts.cancelledAt);
    return { action: 'cancel', reason: cancelled ? 'order-cancelled' : refunded ? 'order-refunded' : 'nothing-to-ask' };
  }

  // A person has taken over the conversation: a check-in on top would ignore what they said.
  if (profile.lastReplyAt && profile.lastReplyAt >= note.plannedAt) return { action: 'hold', reason: 'customer-replied' };
  if (profile.openEscalations > 0) return { action: 'hold', reason: 'open-escalation' };

  const anyGap = parseDuration(store.caps.anyNoteEvery) ?? 0;
  const checkInGap = parseDuration(store.caps.checkInEvery) ?? 0;
  const others = ctx.otherNotes.filter((n) => n.noteId !== note.noteId);
  const lastAny = lastSent(others, () => true);
  const lastCheckIn = note.stage === 'check-in' ? lastSent(others, (n) => n.stage === 'check-in') : null;
  const capUntil = Math.max(
    lastAny === null ? 0 : lastAny + anyGap,
    lastCheckIn === null ? 0 : lastCheckIn + checkInGap,
  );
  if (capUntil > now.getTime()) {
    const until = nextSendMoment(new Date(capUntil), ctx.timeZone, store.sendWindow, note.noteId);
    return { action: 'defer', until, reason: lastCheckIn !== null && lastCheckIn + checkInGap === capUntil ? 'check-in-cap' : 'daily-cap' };
  }

  if (!isInsideWindow(now, ctx.timeZone, store.sendWindow)) {
    return {
      action: 'defer',
      until: nextSendMoment(now, ctx.timeZone, store.sendWindow, note.noteId),
      reason: 'outside-send-window',
    };
  }
  return { action: 'send', orders: live };
}
