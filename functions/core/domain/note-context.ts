/**
 * Everything a template may say about a note, gathered from the customer's record and the
 * orders as they are at send time.
 */
import { segmentOf, yearsSince, type CustomerProfile } from './customer.ts';
import { chooseLanguage } from './language.ts';
import type { Note, NoteContext } from './note.ts';
import { isHighValue } from './plan.ts';
import { fulfillmentState, orderStage, type OrderState } from './purchase.ts';
import type { Persona, Segment, StoreConfig } from './store.ts';

/** Long-time customers hear from the owner or a senior person, where the store wants that. */
export function signerFor(store: StoreConfig, segment: Segment): Persona {
  return segment === 'long-time' && store.loyalty.signedBy === 'senior' ? store.senior : store.persona;
}

export function buildNoteContext(input: {
  note: Note;
  store: StoreConfig;
  profile: CustomerProfile;
  orders: OrderState[];
  now: Date;
}): NoteContext {
  const { note, store, profile, now } = input;
  const orders = [...input.orders].sort((a, b) =>
    (a.snapshot?.createdAt ?? '').localeCompare(b.snapshot?.createdAt ?? ''),
  );
  const first = orders.find((o) => o.snapshot)?.snapshot ?? null;
  const segment = segmentOf(profile, store.loyalty, now);
  const language = chooseLanguage(
    { locale: first?.locale ?? null, country: first?.address?.country ?? null },
    store.language,
  );
  return {
    storeId: store.id,
    storeName: store.name,
    stage: note.stage,
    language,
    variantSeed: `${note.customerKey}\n${note.noteId}`,
    customer: {
      firstName: first?.firstName?.trim() || profile.firstName?.trim() || null,
      orderCount: Math.max(profile.orderCount, 1),
      yearsSinceFirstOrder: yearsSince(profile.firstOrderAt, now),
      segment,
      hadResolvedProblem: profile.lastResolvedAt !== null,
    },
    orders: orders.flatMap((o) =>
      o.snapshot
        ? [
            {
              name: o.snapshot.orderName,
              items: o.snapshot.items,
              totalMinor: o.snapshot.totalMinor,
              currency: o.snapshot.currency,
              highValue: isHighValue(o, store),
              stage: orderStage(o),
              fulfillment: fulfillmentState(o),
            },
          ]
        : [],
    ),
    signer: signerFor(store, segment),
  };
}
