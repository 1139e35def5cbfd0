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

/** When a note went out; a note whose send outcome is unknown may have gone out too. */
function sentAt(n: Note): string | undefined {
  if (n.status === 'sent') return n.sentAt;
  if (n.status === 'unknown') return n.attemptedAt;
  return undefined;
}

function lastSent(notes: Note[], filter: (n: Note) => boolean): number | null {
  let last: number | null = null;
  for (const n of notes) {
    const when = sentAt(n);
    if (!when || !filter(n)) continue;
    const at = Date.parse(when);
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
  // An operator asked for it now: their call, whatever the window and the caps say.
  if (note.releasedAt) return { action: 'send', orders: live };

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

/**
 * Another note of the customer took the daily slot first (two notes falling due together): this
 * one waits until the cap allows it, at a moment inside the customer's send window.
 */
export function afterDailyCap(lastSendAt: string, store: StoreConfig, timeZone: string, noteId: string): Date {
  const gap = parseDuration(store.caps.anyNoteEvery) ?? 0;
  return nextSendMoment(new Date(Date.parse(lastSendAt) + gap), timeZone, store.sendWindow, noteId);
}

/** The earliest last-send time that still lets a note go now under the daily cap. */
export function dailyCapStart(store: StoreConfig, now: Date): string {
  return new Date(now.getTime() - (parseDuration(store.caps.anyNoteEvery) ?? 0)).toISOString();
}
