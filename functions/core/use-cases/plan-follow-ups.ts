/**
 * Brings a customer's record and notes in line with the state of one order.
 *
 * 1. Load the customer's profile and notes (one read).
 * 2. Count the order once it is paid; uncount it when cancelled or fully refunded.
 * 3. Work out which stages the order should get and change the notes to match.
 *
 * Every step is idempotent and driven by state, so running it again after a crash, a retry or
 * a duplicate delivery changes nothing that is already right.
 */
import { segmentOf } from '../domain/customer.ts';
import { planChanges, stageDues, type PlanAction } from '../domain/plan.ts';
import { countsAsPurchase, orderRef, type OrderState } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import { guessTimeZone } from '../domain/time-zone.ts';
import type { Clock, CustomerStore, Logger, NoteStore, OrderKey, OrderStore } from '../ports.ts';

export interface PlanDeps {
  customers: CustomerStore;
  notes: NoteStore;
  clock: Clock;
  logger: Logger;
}

export interface PlanOrderDeps extends PlanDeps {
  orders: OrderStore;
  store(id: string): StoreConfig | undefined;
}

/**
 * Plans an order that changed, as it is now: a later change may be on its way, or the order
 * erased since, or its store no longer configured (nothing to plan then).
 */
export async function planOrder(deps: PlanOrderDeps, key: OrderKey): Promise<void> {
  const order = await deps.orders.get(key.storeId, key.platform, key.orderId);
  const store = order && deps.store(order.storeId);
  if (!order || !store) return;
  await planFollowUps(deps, store, order);
}

/** Another writer may change the same notes at once; a few rounds settle any race. */
const MAX_ROUNDS = 4;

export async function planFollowUps(deps: PlanDeps, store: StoreConfig, order: OrderState): Promise<void> {
  const snapshot = order.snapshot;
  const customerKey = order.customerKey;
  if (!snapshot?.email || !customerKey) return;
  const ref = orderRef(order.platform, order.orderId);

  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const now = deps.clock.now();
    const file = await deps.customers.load(customerKey);
    let profile = file.profile;
    const counted = profile?.countedOrders.includes(ref) ?? false;

    if (countsAsPurchase(order) && !counted) {
      const updated = await deps.customers.countOrder({
        customerKey,
        storeId: store.id,
        email: snapshot.email,
        firstName: snapshot.firstName,
        orderRef: ref,
        totalMinor: snapshot.totalMinor,
        currency: snapshot.currency,
        orderedAt: snapshot.createdAt,
      });
      if (!updated) continue; // counted by a concurrent delivery: read again
      profile = updated;
    } else if (!countsAsPurchase(order) && counted) {
      await deps.customers.uncountOrder({
        customerKey,
        storeId: store.id,
        orderRef: ref,
        totalMinor: snapshot.totalMinor,
        currency: snapshot.currency,
      });
      continue;
    }

    const segment = segmentOf(profile ?? { orderCount: 0, firstOrderAt: null }, store.loyalty, now);
    const dues = stageDues(order, store, segment);
    const actions = planChanges({
      order,
      store,
      dues,
      notes: file.notes,
      timeZone: guessTimeZone({ address: snapshot.address, locale: snapshot.locale }, store.timeZone),
      now,
    });
    if (actions.length === 0) return;
    if (!profile && actions.some((a) => a.type === 'create' || a.type === 'join')) {
      await deps.customers.ensureProfile({ customerKey, storeId: store.id, email: snapshot.email, firstName: snapshot.firstName });
    }
    if (await applyAll(deps, actions)) {
      deps.logger.info('follow-ups planned', {
        storeId: store.id,
        customerKey,
        changes: actions.map((a) => `${a.type}:${a.note.stage}:${a.note.noteId}`),
      });
      return;
    }
  }
  deps.logger.warn('follow-up plan kept changing under us; the next event will settle it', { customerKey });
}

/** Applies the actions; false when one lost a race and the plan must be made again. */
async function applyAll(deps: PlanDeps, actions: PlanAction[]): Promise<boolean> {
  for (const action of actions) {
    const done = await applyOne(deps.notes, action);
    if (!done) return false;
  }
  return true;
}

function applyOne(notes: NoteStore, action: PlanAction): Promise<boolean> {
  switch (action.type) {
    case 'create':
      return notes.create(action.note);
    case 'join':
    case 'retime':
      return notes.replan(action.note, {
        orders: { ...action.note.orders, [action.orderRef]: action.orderDue },
        dueAt: action.dueAt,
      });
    case 'leave': {
      if (action.dueAt === null) return notes.cancelPlanned(action.note, 'order-no-longer-needs-it');
      const orders = { ...action.note.orders };
      delete orders[action.orderRef];
      return notes.replan(action.note, { orders, dueAt: action.dueAt });
    }
  }
}
