/**
 * Items of a customer's partition read back from DynamoDB, checked at the boundary: the
 * profile (`sk = P`) and the notes (`sk = N#…`).
 */
import * as z from 'zod';
import type { CustomerProfile } from '../../core/domain/customer.ts';
import { NOTE_STATUSES, type Note } from '../../core/domain/note.ts';
import { Language, Stage } from '../../core/domain/store.ts';
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

const ProfileItem = z.looseObject({
  customerKey: z.string(),
  storeId: z.string(),
  email: z.string(),
  firstName: z.string().nullish(),
  orderCount: z.number().int().default(0),
  firstOrderAt: z.string().nullish(),
  countedOrders: z.set(z.string()).optional(),
  lastReplyAt: z.string().nullish(),
  openEscalations: z.number().int().default(0),
  openEscalationId: z.string().nullish(),
  lastResolvedAt: z.string().nullish(),
});

export function toProfile(raw: Record<string, unknown>): CustomerProfile {
  const item = ProfileItem.parse(raw);
  const spentMinor: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(SPENT_PREFIX) && typeof value === 'number') spentMinor[name.slice(SPENT_PREFIX.length)] = value;
  }
  return {
    customerKey: item.customerKey,
    storeId: item.storeId,
    email: item.email,
    firstName: item.firstName ?? null,
    orderCount: Math.max(0, item.orderCount),
    firstOrderAt: item.firstOrderAt ?? null,
    spentMinor,
    countedOrders: [...(item.countedOrders ?? [])],
    lastReplyAt: item.lastReplyAt ?? null,
    openEscalations: Math.max(0, item.openEscalations),
    openEscalationId: item.openEscalationId ?? null,
    lastResolvedAt: item.lastResolvedAt ?? null,
  };
}

const NoteItem = z.object({
  customerKey: z.string(),
  noteId: z.string(),
  storeId: z.string(),
  stage: Stage,
  orders: z.record(z.string(), z.string()),
  status: z.enum(NOTE_STATUSES),
  dueAt: z.string(),
  plannedAt: z.string(),
  timeZone: z.string().optional(),
  attempts: z.number().int(),
  version: z.number().int(),
  reason: z.string().optional(),
  queueToken: z.string().optional(),
  claimToken: z.string().optional(),
  leaseUntil: z.string().optional(),
  attemptClaim: z.string().optional(),
  attemptedAt: z.string().optional(),
  waitingSince: z.string().optional(),
  releasedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  sentAt: z.string().optional(),
  sesMessageId: z.string().optional(),
  messageId: z.string().optional(),
  language: Language.optional(),
  subject: z.string().optional(),
  text: z.string().optional(),
  variant: z.string().optional(),
});

export function toNote(raw: Record<string, unknown>): Note {
  const item = NoteItem.parse(raw);
  const note: Note = { ...item };
  for (const k of Object.keys(note) as Array<keyof Note>) if (note[k] === undefined) delete note[k];
  return note;
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
