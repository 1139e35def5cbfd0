/**
 * Items of a customer's partition read back from DynamoDB, checked at the boundary: the
 * profile (`sk = P`) and the notes (`sk = N#…`).
 */
import { CustomerProfile } from '../../core/domain/customer.ts';
import { Note } from '../../core/domain/note.ts';
import { DUE_SHARDS, dueShardKey } from './table-schema.ts';
import { stableFraction } from '../../core/domain/keys.ts';
import type { DueWork } from '../../core/ports.ts';

export const customerPk = (customerKey: string) => `C#${customerKey}`;
export const noteSk = (noteId: string) => `N#${noteId}`;
/** The sort key of a customer's profile. */
export const PROFILE_SK = 'P';
export const escalationPk = (storeId: string) => `E#${storeId}`;
export const escalationSk = (id: string) => `X#${id}`;
export const conversationPk = (storeId: string) => `V#${storeId}`;
export const conversationSk = (id: string) => `V#${id}`;
/** Beside the conversation, outside its `V#` prefix (lists never read it): one mail's notice, sent once. */
export const conversationNoticeSk = (id: string, mailId: string) => `VN#${id}#${mailId}`;
export const digestPk = (storeId: string) => `G#${storeId}`;
export const DIGEST_SK = 'G';

/** What an entry of the due index stands for, from the keys it projects. */
export function dueWork(pk: string, sk: string, dueSk: string): DueWork | null {
  if (pk.startsWith('C#') && sk.startsWith('N#')) return { kind: 'note', customerKey: pk.slice(2), noteId: sk.slice(2), dueSk };
  if (pk.startsWith('E#') && sk.startsWith('X#')) return { kind: 'escalation', escalationId: sk.slice(2), dueSk };
  if (pk.startsWith('V#') && sk.startsWith('V#')) return { kind: 'conversation', storeId: pk.slice(2), conversationId: sk.slice(2), dueSk };
  if (pk.startsWith('G#') && sk === DIGEST_SK) return { kind: 'digest', storeId: pk.slice(2), dueSk };
  return null;
}
export const SPENT_PREFIX = 'spent_';

/** An item's shard in the due index never changes, so moving its due time costs one index write. */
export function dueShard(id: string): string {
  return dueShardKey(Math.floor(stableFraction(`shard\n${id}`) * DUE_SHARDS));
}

/** A profile item read back: counts kept as attributes and sets become the profile's fields. */
export function toProfile(raw: Record<string, unknown>): CustomerProfile {
  const spentMinor: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(SPENT_PREFIX) && typeof value === 'number') spentMinor[name.slice(SPENT_PREFIX.length)] = value;
  }
  const counted = raw.countedOrders;
  return CustomerProfile.parse({
    ...raw,
    firstName: raw.firstName ?? null,
    orderCount: raw.orderCount ?? 0,
    firstOrderAt: raw.firstOrderAt ?? null,
    spentMinor,
    countedOrders: counted instanceof Set ? [...counted] : (counted ?? []),
    lastReplyAt: raw.lastReplyAt ?? null,
    openEscalations: raw.openEscalations ?? 0,
    openEscalationId: raw.openEscalationId ?? null,
    lastResolvedAt: raw.lastResolvedAt ?? null,
  });
}

/** A note item read back: its storage keys dropped, the rest checked. */
export function toNote(raw: Record<string, unknown>): Note {
  return Note.parse(raw);
}

/** The item a new note is stored as: in the due index from the start. */
export function noteItem(note: Note): Record<string, unknown> {
  return {
    pk: customerPk(note.customerKey),
    sk: noteSk(note.noteId),
    type: 'note',
    ...note,
    duePk: dueShard(note.noteId),
    dueSk: note.dueAt,
  };
}
