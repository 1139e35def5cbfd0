/**
 * Everything held about one customer of one store, as the privacy use cases see it: the profile,
 * the notes, the conversation's messages, the orders and the escalations, each with the key the
 * store deletes it by and its fields as stored (for the customer's data export). Raw mail and
 * whole payloads are named by the messages and orders that refer to them.
 *
 * Which of it an erasure takes is decided here, purely: all of it, or what came from one platform
 * (Shopify's shop/redact when the store keeps its other platforms).
 */
import type { CustomerProfile } from './customer.ts';
import type { Escalation } from './escalation.ts';
import type { Note } from './note.ts';
import { orderRef, type OrderState, type Platform } from './purchase.ts';

interface Held {
  /** The store's handle to delete the item by (opaque here). */
  key: string;
  /** The item's fields as stored, for the data export. */
  data: Record<string, unknown>;
}

export type HeldItem =
  | (Held & { kind: 'profile'; profile: CustomerProfile })
  | (Held & { kind: 'note'; note: Note })
  | (Held & { kind: 'message'; noteId: string; direction: 'in' | 'out'; mailId: string | null })
  /** The conversation of one note, as the console lists it (the customer's latest words in it). */
  | (Held & { kind: 'conversation'; noteId: string })
  | (Held & { kind: 'order'; order: OrderState; payloadKeys: string[] })
  | (Held & { kind: 'escalation'; escalation: Escalation })
  /** A message taken in, kept by its Message-ID so a copy of it is handled once (where it went; no words). */
  | (Held & { kind: 'received'; noteId: string });

export type HeldKind = HeldItem['kind'];
type Of<K extends HeldKind> = Extract<HeldItem, { kind: K }>;

export function itemsOf<K extends HeldKind>(items: readonly HeldItem[], kind: K): Array<Of<K>> {
  return items.filter((i): i is Of<K> => i.kind === kind);
}

/** What an erasure removes: the items, the raw mail they name, the files kept aside. */
export interface ErasurePlan {
  items: HeldItem[];
  mailIds: string[];
  fileKeys: string[];
  /** Orders taken out of a note that stays (it is also about orders of another platform). */
  notesToTrim: Array<{ noteId: string; refs: string[] }>;
  /** Orders taken out of the customer's counts (their profile stays). */
  uncount: OrderState[];
  /** The customer's open escalation, when it goes with what is erased while the profile stays. */
  closeEscalation: Escalation | null;
}

/** Every item, with the raw mail of their messages and the payloads of their orders. */
export function eraseAll(items: HeldItem[], extraFiles: string[] = []): ErasurePlan {
  return {
    items,
    mailIds: mailIdsOf(items),
    fileKeys: [...itemsOf(items, 'order').flatMap((o) => o.payloadKeys), ...extraFiles],
    notesToTrim: [],
    uncount: [],
    closeEscalation: null,
  };
}

/**
 * What came from one platform: its orders; the notes about only those orders, with their
 * conversations and escalations; and, when nothing of another platform is left, everything.
 */
export function eraseFromPlatform(items: HeldItem[], platform: Platform, extraFiles: string[] = []): ErasurePlan {
  const orders = itemsOf(items, 'order');
  const theirs = orders.filter((o) => o.order.platform === platform);
  const profile = itemsOf(items, 'profile')[0]?.profile ?? null;
  const refsOf = (o: Of<'order'>) => orderRef(o.order.platform, o.order.orderId);
  const gone = new Set(theirs.map(refsOf));
  const otherRefs = new Set([
    ...orders.filter((o) => o.order.platform !== platform).map(refsOf),
    ...(profile?.countedOrders ?? []).filter((r) => !r.startsWith(`${platform}:`)),
    ...itemsOf(items, 'note').flatMap((n) => Object.keys(n.note.orders).filter((r) => !r.startsWith(`${platform}:`))),
  ]);
  if (otherRefs.size === 0) return eraseAll(items, extraFiles);

  const notes = itemsOf(items, 'note');
  const isPlatformRef = (r: string) => gone.has(r) || r.startsWith(`${platform}:`);
  const goneNotes = new Set(notes.filter((n) => Object.keys(n.note.orders).every(isPlatformRef)).map((n) => n.note.noteId));
  const byNote = (noteId: string) => goneNotes.has(noteId);
  const erased: HeldItem[] = [
    ...theirs,
    ...notes.filter((n) => byNote(n.note.noteId)),
    ...itemsOf(items, 'message').filter((m) => byNote(m.noteId)),
    ...itemsOf(items, 'conversation').filter((c) => byNote(c.noteId)),
    ...itemsOf(items, 'escalation').filter((e) => byNote(e.escalation.noteId)),
    ...itemsOf(items, 'received').filter((r) => byNote(r.noteId)),
  ];
  const open = itemsOf(items, 'escalation').find((e) => e.escalation.id === profile?.openEscalationId && byNote(e.escalation.noteId));
  return {
    items: erased,
    mailIds: mailIdsOf(erased),
    fileKeys: [...theirs.flatMap((o) => o.payloadKeys), ...extraFiles],
    notesToTrim: notes
      .filter((n) => !byNote(n.note.noteId) && Object.keys(n.note.orders).some(isPlatformRef))
      .map((n) => ({ noteId: n.note.noteId, refs: Object.keys(n.note.orders).filter(isPlatformRef) })),
    uncount: theirs.filter((o) => profile?.countedOrders.includes(refsOf(o))).map((o) => o.order),
    closeEscalation: open?.escalation ?? null,
  };
}

function mailIdsOf(items: HeldItem[]): string[] {
  return [...new Set(itemsOf(items, 'message').flatMap((m) => (m.direction === 'in' && m.mailId ? [m.mailId] : [])))];
}

/** How many of each kind a plan removes: what an erasure reports and records. */
export function countsOf(plan: Pick<ErasurePlan, 'items' | 'mailIds' | 'fileKeys'>): Record<string, number> {
  const counts: Record<string, number> = { profile: 0, note: 0, message: 0, conversation: 0, order: 0, escalation: 0 };
  for (const item of plan.items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return { ...counts, rawMail: plan.mailIds.length, files: plan.fileKeys.length };
}

/** The key under which a customer's data export is kept (one per customer; a new request replaces it). */
export function exportKey(storeId: string, customerKey: string): string {
  return `exports/${storeId}/${customerKey}.json`;
}

/** One file with everything held about a customer, as its store's owner hands it to them. */
export function exportDocument(input: {
  store: { id: string; name: string };
  email: string | null;
  generatedAt: string;
  request: { by: string; id?: string };
  items: HeldItem[];
  suppressions: string[];
  rawMail: Array<{ mailId: string; raw: Buffer }>;
  payloads: Array<{ key: string; body: Buffer }>;
}): Record<string, unknown> {
  const data = <K extends HeldKind>(kind: K) => itemsOf(input.items, kind).map((i) => i.data);
  return {
    about: `Everything ${input.store.name} keeps about this customer in its follow-ups, as of ${input.generatedAt}.`,
    store: input.store,
    customer: { email: input.email },
    request: input.request,
    generatedAt: input.generatedAt,
    profiles: data('profile'),
    orders: data('order'),
    notes: data('note'),
    messages: data('message'),
    conversations: data('conversation'),
    escalations: data('escalation'),
    /** Why mail is not sent to them (unsubscribed, bounced, complained). */
    suppressions: input.suppressions,
    rawMail: input.rawMail.map((m) => ({ mailId: m.mailId, message: m.raw.toString('utf8') })),
    orderPayloads: input.payloads.map((p) => ({ key: p.key, payload: asJson(p.body) })),
  };
}

function asJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return body.toString('utf8');
  }
}
