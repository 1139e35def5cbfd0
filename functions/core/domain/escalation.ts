/**
 * An escalation: a customer's reply that a person must act on, sent at once to a named senior
 * person with everything needed to act without searching: the order, the customer's own words,
 * the note they answered, why it was escalated, and a clock that runs until somebody
 * acknowledges it. Unacknowledged in time, it passes to the next person on the ladder.
 */
import * as z from 'zod';
import { addWorkingTime } from './business-time.ts';
import type { Category } from './classify.ts';
import { parseDuration } from './duration.ts';
import { base32 } from './keys.ts';
import { FULFILLMENT_STATES, LineItem, Platform } from './purchase.ts';
import type { Persona, StoreConfig } from './store.ts';
import { createHash } from 'node:crypto';

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const PRIORITIES = ['high', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface ConversationMessage {
  direction: 'in' | 'out';
  at: string;
  subject: string;
  text: string;
  /** Who wrote it: the customer (in) or the person of the store (out). */
  from: string;
  category?: Category;
}

/** An escalation as it is kept: the one description of its shape, checked whenever one is read back. */
export const Escalation = z.object({
  id: z.string(),
  storeId: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  priority: z.enum(PRIORITIES),
  // The classifier owns the list of categories; a stored one is whatever it said then.
  category: z.custom<Category>((value) => typeof value === 'string' && value !== '', 'a category'),
  /** Who has it now. */
  owner: z.object({ name: z.string(), email: z.string(), role: z.string().optional() }),
  /** Position of the owner on the ladder (0: the senior person). */
  level: z.number().int(),
  createdAt: z.string(),
  /** Until when it must be acknowledged (open), else when it was due. */
  dueBy: z.string(),
  acknowledgedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  customerKey: z.string(),
  /** The note the customer answered: the conversation. */
  noteId: z.string(),
  customer: z.object({ email: z.string(), name: z.string().nullable() }),
  order: z
    .object({
      platform: Platform,
      id: z.string(),
      name: z.string(),
      items: z.array(LineItem),
      total: z.number(),
      currency: z.string(),
      fulfillment: z.enum(FULFILLMENT_STATES),
    })
    .nullable(),
  /** The latest message from the customer, quotes and signature removed. */
  reply: z.object({ text: z.string(), receivedAt: z.string(), subject: z.string(), messageId: z.string().nullable() }),
  reasons: z.array(z.string()),
  version: z.number().int(),
});
export type Escalation = z.infer<typeof Escalation>;

/** Derived from the mail that opened it, so the same mail opens it once. */
export function escalationId(storeId: string, mailId: string): string {
  return `${storeId}.${base32(createHash('sha256').update(`escalation\n${mailId}`).digest()).slice(0, 16)}`;
}

export function parseEscalationId(id: string): { storeId: string } | null {
  const match = /^([a-z0-9][a-z0-9-]{0,39})\.([a-z2-7]{16})$/.exec(id);
  return match ? { storeId: match[1]! } : null;
}

/** Everyone who can own an escalation, in order: the senior person, then the ladder. */
export function ladder(store: StoreConfig): Persona[] {
  return [store.senior, ...store.escalation.ladder];
}

/** When it must be acknowledged by: around the clock when urgent, in working hours otherwise. */
export function acknowledgeBy(now: Date, priority: Priority, store: StoreConfig): Date {
  const policy = store.escalation;
  const within = parseDuration(policy.acknowledgeWithin[priority]) ?? 0;
  if (priority === 'high') return new Date(now.getTime() + within);
  return addWorkingTime(now, within, store.timeZone, policy.workingHours);
}

/** The next owner when the clock runs out: one step up the ladder, or the same person again at the top. */
export function nextOnLadder(store: StoreConfig, level: number): { owner: Persona; level: number } {
  const people = ladder(store);
  const next = Math.min(level + 1, people.length - 1);
  return { owner: people[next]!, level: next };
}

export function ownerOf(persona: Persona): Escalation['owner'] {
  return { name: persona.name, email: persona.email, ...(persona.role && { role: persona.role }) };
}
