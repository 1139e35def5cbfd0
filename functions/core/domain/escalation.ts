/**
 * An escalation: a customer's reply that a person must act on, sent at once to a named person
 * with everything needed to act without searching: the order, the customer's own words, the note
 * they answered, why it came to them, and a clock.
 *
 * Two routes: a problem goes to the senior person (and up their ladder); a question goes to the
 * person who signed the note, and climbs to the senior person when nobody answers in time. The
 * clock counts the store's working hours (an urgent one around the clock only where the store
 * says so). At the top of the route the owner is reminded, a few times at most.
 */
import * as z from '../zod.ts';
import { addWorkingTime } from './business-time.ts';
import type { Category, Finding } from './classify.ts';
import { parseDuration } from './duration.ts';
import { base32 } from './keys.ts';
import { FULFILLMENT_STATES, LineItem, Platform } from './purchase.ts';
import { personId, rungs, sameOwner, type Owner } from './staff.ts';
import type { Persona, StoreConfig } from './store.ts';
import { Language } from './terms.ts';
import { createHash } from 'node:crypto';

export { ownerOf } from './staff.ts';
export type { Owner } from './staff.ts';

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const PRIORITIES = ['high', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** `senior`: a problem, straight to the senior person. `owner`: a question, to whoever signed the note. */
export const ROUTES = ['senior', 'owner'] as const;
export type Route = (typeof ROUTES)[number];

export interface ConversationMessage {
  direction: 'in' | 'out';
  at: string;
  subject: string;
  text: string;
  /** Who wrote it: the customer's (or someone else's) address, or the name of the person of the store. */
  from: string;
  category?: Category;
  /** Mail into the conversation from an address other than the customer's. */
  someoneElse?: boolean;
  /** The language the words are in, when it could be told. */
  language?: Language | null;
  /** Out: the person of the store who wrote it (their id), or "note" for the note itself. */
  by?: string;
  /** Out: where the message stands (`sent` once SES took it). */
  status?: OutboundStatus;
  kind?: 'note' | 'answer' | 'check-back';
}

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown';

export const HISTORY_ACTIONS = [
  'opened',
  'passed-on',
  'reminded',
  'reminders-stopped',
  'reassigned',
  'acknowledged',
  'answered',
  'resolved',
  'check-back',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

const Owner = z.object({ name: z.string(), email: z.string(), role: z.optional(z.string()) }) satisfies z.ZodMiniType<Owner>;
// The classifier owns these shapes; a stored one is whatever it said then.
const category = z.custom<Category>((value: unknown) => typeof value === 'string' && value !== '', 'a category');
const finding = z.custom<Finding>((value: unknown) => typeof value === 'object' && value !== null && typeof (value as Finding).kind === 'string', 'a finding');

/** Who did what to an escalation, and when: every action records who made it. */
export const HistoryEntry = z.object({
  at: z.string(),
  action: z.enum(HISTORY_ACTIONS),
  /** A person's id, "operator" for the operator token, or "followup" for the clock. */
  by: z.string(),
  /** Who had it after the action (hand-overs). */
  owner: z.optional(Owner),
  /** Who had it before (hand-overs): the digest tells them what climbed past them. */
  from: z.optional(Owner),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const CheckBack = z.object({
  /** When the "did it get sorted?" goes out. */
  dueAt: z.string(),
  /** Who writes it: the person who handled the problem. */
  from: Owner,
  sentAt: z.optional(z.string()),
  messageId: z.optional(z.string()),
  /** Not sent, and why (the customer wrote again, unsubscribed …). */
  skipped: z.optional(z.string()),
  /** The customer's answer to it, scored. */
  answer: z.optional(z.object({ at: z.string(), satisfied: z.boolean(), text: z.string(), reasons: z.array(z.string()) })),
});
export type CheckBack = z.infer<typeof CheckBack>;

/** An escalation as it is kept: the one description of its shape, checked whenever one is read back. */
export const Escalation = z.object({
  id: z.string(),
  storeId: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  priority: z.enum(PRIORITIES),
  category,
  /** Who has it now. */
  owner: Owner,
  /** Position of the owner on the route (see {@link routeOf}); -1 before it (handed to someone off the route). */
  level: z.number().check(z.int()),
  createdAt: z.string(),
  /** Until when it must be acknowledged or answered (open), else when it was due. */
  dueBy: z.string(),
  acknowledgedAt: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  customerKey: z.string(),
  /** The note the customer answered: the conversation. */
  noteId: z.string(),
  customer: z.object({ email: z.string(), name: z.nullable(z.string()) }),
  order: z.nullable(
    z.object({
      platform: Platform,
      id: z.string(),
      name: z.string(),
      items: z.array(LineItem),
      total: z.number(),
      currency: z.string(),
      fulfillment: z.enum(FULFILLMENT_STATES),
    }),
  ),
  /** The latest message from the customer, quotes and signature removed. */
  reply: z.object({ text: z.string(), receivedAt: z.string(), subject: z.string(), messageId: z.nullable(z.string()) }),
  reasons: z.array(z.string()),
  /** What the reasons rest on (the classifier's findings), to say them in the store's language. */
  findings: z.optional(z.array(finding)),
  version: z.number().check(z.int()),
  /** Absent on escalations opened before routes existed: those went to the senior person. */
  route: z.optional(z.enum(ROUTES)),
  /** The person who signed the note: first on an `owner` route. */
  conversationOwner: z.optional(Owner),
  /** The language the customer wrote in, when it could be told. */
  language: z.nullish(Language),
  /** Reminders sent about this escalation, per person id. */
  reminders: z.optional(z.record(z.string(), z.number().check(z.int()))),
  /** Reminders ran out: no more mail about it, a line in the owner's digest instead. */
  quietSince: z.optional(z.string()),
  history: z.optional(z.array(HistoryEntry)),
  acknowledgedBy: z.optional(z.string()),
  resolvedBy: z.optional(z.string()),
  /** A question answered: when, and by whom. */
  answeredAt: z.optional(z.string()),
  answeredBy: z.optional(z.string()),
  checkBack: z.optional(CheckBack),
  /** Notices already emailed (dedupe keys), so a retried notice is not sent twice. */
  noticesSent: z.optional(z.array(z.string())),
  /** The sweeper's token while its time has come and the sender has not acted yet. */
  queueToken: z.optional(z.string()),
  /** The last token acted on: a retry of the same message only repeats the notice. */
  handledToken: z.optional(z.string()),
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

/** Everyone who can own a problem, in order: the senior person, then the ladder. */
export function ladder(store: StoreConfig): Persona[] {
  return [store.senior, ...store.escalation.ladder];
}

/** The people an escalation passes through when nobody acts, in order. */
export function routeOf(escalation: Pick<Escalation, 'route' | 'conversationOwner'>, store: StoreConfig): Owner[] {
  const senior = rungs(store);
  if (escalation.route !== 'owner' || !escalation.conversationOwner) return senior;
  const first = escalation.conversationOwner;
  return [first, ...senior.filter((p) => !sameOwner(p, first))];
}

/** How long the clock runs: a question's answer-by time, or the acknowledgement time of its priority. */
function clockLength(category: Category, priority: Priority, store: StoreConfig): number {
  const policy = store.escalation;
  if (category === 'question' && priority === 'normal') return parseDuration(policy.answerWithin) ?? 0;
  return parseDuration(policy.acknowledgeWithin[priority]) ?? 0;
}

/**
 * When it must be acknowledged (or a question answered) by: in working hours, or around the
 * clock for an urgent one where the store allows waking people.
 */
export function deadline(now: Date, input: { priority: Priority; category: Category }, store: StoreConfig): Date {
  const within = clockLength(input.category, input.priority, store);
  if (input.priority === 'high' && store.escalation.wakeForUrgent) return new Date(now.getTime() + within);
  return addWorkingTime(now, within, store.timeZone, store.escalation.workingHours);
}

/**
 * The first moment at or after `at` when a reminder may reach a person: in working hours, or
 * at once for an urgent escalation where the store allows waking people.
 */
export function reminderMoment(at: Date, priority: Priority, store: StoreConfig): Date {
  if (priority === 'high' && store.escalation.wakeForUrgent) return at;
  return addWorkingTime(at, 0, store.timeZone, store.escalation.workingHours);
}

/** The acknowledgement deadline of a problem (kept for callers that know only the priority). */
export function acknowledgeBy(now: Date, priority: Priority, store: StoreConfig): Date {
  return deadline(now, { priority, category: 'complaint' }, store);
}

/** The next owner when the clock runs out: one step up the ladder, or the same person again at the top. */
export function nextOnLadder(store: StoreConfig, level: number): { owner: Persona; level: number } {
  const people = ladder(store);
  const next = Math.min(level + 1, people.length - 1);
  return { owner: people[next]!, level: next };
}

/** One hour between any two reminders to one person, whatever they are about. */
export const REMINDER_GAP_MS = 3_600_000;

export type DeadlineStep =
  | { kind: 'climb'; owner: Owner; level: number }
  | { kind: 'remind'; count: number }
  | { kind: 'quiet' };

/**
 * What the clock running out means: the next person on the route takes it; at the top, its
 * owner is reminded, until the store's number of reminders is reached; then it goes quiet
 * (it stays open, and on the owner's digest).
 */
export function stepAtDeadline(escalation: Escalation, store: StoreConfig): DeadlineStep {
  const route = routeOf(escalation, store);
  const next = escalation.level + 1;
  if (next < route.length && !sameOwner(route[next], escalation.owner)) return { kind: 'climb', owner: route[next]!, level: next };
  if (next < route.length - 1) return { kind: 'climb', owner: route[next + 1]!, level: next + 1 };
  const sent = escalation.reminders?.[personId(escalation.owner.email)] ?? 0;
  if (sent >= store.escalation.maxReminders) return { kind: 'quiet' };
  return { kind: 'remind', count: sent + 1 };
}

/** Where a person stands on the route (-1 when they are not on it). */
export function levelOf(escalation: Pick<Escalation, 'route' | 'conversationOwner'>, store: StoreConfig, person: Owner): number {
  return routeOf(escalation, store).findIndex((p) => sameOwner(p, person));
}

/** The history, with a new entry (kept short: the last 50 actions). */
export function withHistory(escalation: Pick<Escalation, 'history'>, entry: HistoryEntry): HistoryEntry[] {
  return [...(escalation.history ?? []), entry].slice(-50);
}

