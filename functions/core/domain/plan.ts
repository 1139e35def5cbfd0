/**
 * Planning: which notes an order should get, and when, given the store's plan.
 *
 * The plan is derived from the order's state every time an event arrives, never from the event
 * alone, so retries, duplicates and events out of order all converge on the same notes.
 */
import { addDuration, parseDuration } from './duration.ts';
import { noteId as deriveNoteId } from './keys.ts';
import { toMinorUnits } from './money.ts';
import type { Note } from './note.ts';
import { orderRef, type OrderState } from './purchase.ts';
import { nextSendMoment } from './send-window.ts';
import type { StoreConfig } from './store.ts';
import { STAGES, type Segment, type Stage } from './terms.ts';

/** An event this late no longer gets a note: a thank-you a week after the fact reads oddly. */
const STALE_AFTER = 'P3D';

export interface StageDue {
  stage: Stage;
  /** When the stage falls due by the plan (before the send window is applied). */
  due: Date;
}

export function isHighValue(order: OrderState, store: StoreConfig): boolean {
  const snapshot = order.snapshot;
  if (!snapshot || snapshot.currency !== store.currency) return false;
  const threshold = toMinorUnits(store.highValueAt, store.currency);
  return threshold !== null && snapshot.totalMinor >= threshold;
}

/** Whether the order can get notes at all: a real, live order with somebody to write to. */
export function isFollowable(order: OrderState, store: StoreConfig): boolean {
  const s = order.snapshot;
  if (!s?.email || !order.customerKey) return false;
  if (s.test && !store.includeTestOrders) return false;
  return !order.facts.cancelledAt && !order.facts.refundedAt;
}

/** The stages this order should get, with their due times, for a customer of this segment. */
export function stageDues(order: OrderState, store: StoreConfig, segment: Segment): StageDue[] {
  if (!isFollowable(order, store)) return [];
  const dues: StageDue[] = [];
  for (const stage of STAGES) {
    const plan = store.plan[stage];
    if (!plan.enabled || !plan.segments.includes(segment)) continue;
    if (plan.highValueOnly && !isHighValue(order, store)) continue;
    // "It's on its way" is pointless once it has arrived.
    if (stage === 'shipped' && order.facts.deliveredAt) continue;
    const anchor = order.facts[`${plan.after}At`];
    if (anchor) {
      dues.push({ stage, due: addDuration(new Date(anchor), plan.delay) });
      continue;
    }
    const fallback = plan.fallback && order.facts[`${plan.fallback.after}At`];
    if (plan.fallback && fallback) dues.push({ stage, due: addDuration(new Date(fallback), plan.fallback.delay) });
  }
  return dues;
}

export type PlanAction =
  | { type: 'create'; note: Note }
  /** Add the order to another order's pending note of the same stage. */
  | { type: 'join'; note: Note; orderRef: string; orderDue: string; dueAt: string }
  /** The order's due time moved (delivered after the fallback was planned). */
  | { type: 'retime'; note: Note; orderRef: string; orderDue: string; dueAt: string }
  /** The order no longer needs this note (cancelled, refunded); the note goes if it covers nothing else. */
  | { type: 'leave'; note: Note; orderRef: string; dueAt: string | null };

/** A note still waiting in the plan; one handed to the send queue is the sender's to judge. */
function isPending(note: Note): boolean {
  return note.status === 'scheduled' && !note.queueToken;
}

/**
 * Turns the stages an order should get into changes to the customer's notes: create a note,
 * join a pending note of the same stage falling due close by (several orders, one note),
 * retime, or leave notes the order no longer needs. Notes already on their way are left alone.
 */
export function planChanges(input: {
  order: OrderState;
  store: StoreConfig;
  dues: StageDue[];
  notes: Note[];
  timeZone: string;
  now: Date;
}): PlanAction[] {
  const { order, store, dues, notes, timeZone, now } = input;
  const ref = orderRef(order.platform, order.orderId);
  const mergeMs = parseDuration(store.caps.mergeWithin) ?? 0;
  const staleMs = parseDuration(STALE_AFTER)!;
  const sendAt = (due: Date, id: string) =>
    nextSendMoment(due, timeZone, store.sendWindow, id).toISOString();
  const latest = (orders: Record<string, string>) =>
    new Date(Math.max(...Object.values(orders).map((d) => Date.parse(d))));
  const actions: PlanAction[] = [];

  for (const { stage, due } of dues) {
    const orderDue = due.toISOString();
    const mine = notes.find((n) => n.stage === stage && ref in n.orders);
    if (mine) {
      if (isPending(mine) && mine.orders[ref] !== orderDue) {
        const orders = { ...mine.orders, [ref]: orderDue };
        actions.push({ type: 'retime', note: mine, orderRef: ref, orderDue, dueAt: sendAt(latest(orders), mine.noteId) });
      }
      continue;
    }
    if (now.getTime() - due.getTime() > staleMs) continue;
    const companion = notes.find(
      (n) =>
        n.stage === stage &&
        isPending(n) &&
        Object.values(n.orders).some((d) => Math.abs(Date.parse(d) - due.getTime()) <= mergeMs),
    );
    if (companion) {
      const orders = { ...companion.orders, [ref]: orderDue };
      actions.push({
        type: 'join',
        note: companion,
        orderRef: ref,
        orderDue,
        dueAt: sendAt(latest(orders), companion.noteId),
      });
      continue;
    }
    const id = deriveNoteId(ref, stage);
    actions.push({
      type: 'create',
      note: {
        customerKey: order.customerKey!,
        noteId: id,
        storeId: order.storeId,
        stage,
        orders: { [ref]: orderDue },
        status: 'scheduled',
        dueAt: sendAt(due, id),
        plannedAt: now.toISOString(),
        timeZone,
        attempts: 0,
        version: 1,
      },
    });
  }

  const wanted = new Set(dues.map((d) => d.stage));
  for (const note of notes) {
    if (!isPending(note) || !(ref in note.orders) || wanted.has(note.stage)) continue;
    const rest = { ...note.orders };
    delete rest[ref];
    const remaining = Object.keys(rest).length > 0;
    actions.push({
      type: 'leave',
      note,
      orderRef: ref,
      dueAt: remaining ? sendAt(latest(rest), note.noteId) : null,
    });
  }
  return actions;
}
