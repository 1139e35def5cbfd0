/**
 * A conversation: one note and everything said after it, between the customer and the people of
 * the store. It has an owner (the person who signed the note, or whoever holds its escalation),
 * the category of the latest reply, and is open while it waits for a person.
 *
 * Who the reply goes to follows what the customer wrote: a problem to the senior person at once,
 * a question to the owner (with a clock), praise and the rest to the owner (no clock, the
 * digest), an opt-out to nobody. Mail from another address into the conversation is kept and
 * shown as such, and changes nothing of the customer's own by itself.
 */
import type { Category, Classification } from './classify.ts';
import type { Escalation } from './escalation.ts';
import { normaliseEmail } from './keys.ts';
import type { Note, NoteKey } from './note.ts';
import { ownerOf, sameOwner, staffOf, type Owner, type StaffMember } from './staff.ts';
import type { Language, StoreConfig } from './store.ts';

export type ConversationStatus = 'open' | 'closed';

/** The state kept about a conversation once the customer (or anyone) wrote into it. */
export interface Conversation {
  /** `<customer key>.<note id>`. */
  id: string;
  storeId: string;
  customerKey: string;
  noteId: string;
  customer: { email: string; name: string | null };
  /** The person it belongs to when no escalation says otherwise: who signed the note. */
  owner: Owner;
  /** Of the latest reply. */
  category: Category;
  /** Open: a reply waits for a person without an escalation (someone else wrote in). */
  waiting: boolean;
  lastMessage: LastMessage;
  /** The latest escalation (question or problem) of the conversation. */
  escalationId: string | null;
  createdAt: string;
  updatedAt: string;
  /** The language of the customer's latest words. */
  language: Language | null;
  /** After praise or an ordinary reply: when the customer's held notes may go on. */
  resumeAt?: string;
  /** The customer's latest message: what an answer threads under. */
  lastInbound: { messageId: string | null; subject: string; at: string } | null;
  version: number;
}

export interface LastMessage {
  from: 'customer' | 'staff' | 'note';
  text: string;
  at: string;
  /** Customer side: written from an address other than the customer's. */
  someoneElse?: string;
  /** Staff side: who wrote it (person id). */
  by?: string;
}

export function conversationId(key: NoteKey): string {
  return `${key.customerKey}.${key.noteId}`;
}

export function parseConversationId(id: string): NoteKey | null {
  const match = /^([a-z2-7]{20})\.([a-z2-7]{10})$/.exec(id.trim());
  return match ? { customerKey: match[1]!, noteId: match[2]! } : null;
}

export type ReplyRoute = 'problem' | 'question' | 'reply' | 'unsubscribe' | 'someone-else';

/**
 * Where a reply goes. Built on the category: after the classifier's rewrite a question has
 * `escalate` false. A reply filed under praise or "other" that the classifier still wants a
 * person to see at once (something wrong, wrapped in praise) goes the way of a problem.
 */
export function routeReply(classification: Pick<Classification, 'category' | 'escalate'>, fromCustomer: boolean): ReplyRoute {
  if (!fromCustomer) return 'someone-else';
  switch (classification.category) {
    case 'complaint':
      return 'problem';
    case 'question':
      return 'question';
    case 'unsubscribe':
      return 'unsubscribe';
    default:
      return classification.escalate ? 'problem' : 'reply';
  }
}

/** What the API and the console show of a conversation: its own state joined with its escalation's. */
export interface ConversationView {
  id: string;
  store: string;
  customer: { email: string; name: string | null };
  owner: Owner;
  category: Category;
  status: ConversationStatus;
  dueBy: string | null;
  lastMessage: LastMessage;
  escalationId: string | null;
  escalationStatus: Escalation['status'] | null;
  language: Language | null;
  createdAt: string;
  updatedAt: string;
}

export function viewConversation(c: Conversation, escalation: Escalation | null): ConversationView {
  const live = escalation && escalation.status !== 'resolved' ? escalation : null;
  return {
    id: c.id,
    store: c.storeId,
    customer: c.customer,
    owner: live ? live.owner : c.owner,
    category: c.category,
    status: live || c.waiting ? 'open' : 'closed',
    dueBy: live && live.status === 'open' && !live.quietSince ? live.dueBy : null,
    lastMessage: c.lastMessage,
    escalationId: c.escalationId,
    escalationStatus: escalation?.status ?? null,
    language: c.language,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * Who signed a sent note: the person of the store whose name closes it (the lines just above
 * the opt-out line), else whom the store would have chosen. The conversation shows the note as
 * sent by them, and they own the conversation.
 */
export function signerOfNote(note: Pick<Note, 'text'>, store: StoreConfig, fallback: Owner): Owner {
  const body = (note.text ?? '').split(/\n--\n/)[0] ?? '';
  const closing = body.trimEnd().split('\n').slice(-4).map((l) => l.trim().toLowerCase());
  const staff = staffOf(store);
  const found = staff.filter((m) => closing.some((line) => line === m.name.toLowerCase() || line.startsWith(`${m.name.toLowerCase()} `)));
  if (found.length === 1) return ownerOf(found[0]!);
  return found.find((m) => sameOwner(m, fallback)) ? fallback : found[0] ? ownerOf(found[0]) : fallback;
}

/**
 * An answer a person wrote, signed once: their name and the store's under it, unless they
 * signed it themselves already ("Tom", "Best, Tom", "— Tom Baker").
 */
export function signedOnce(text: string, person: Pick<StaffMember, 'name'>, storeName: string): string {
  const body = text.replace(/\r\n/g, '\n').trim();
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  const name = person.name.toLowerCase();
  const tail = lines.slice(-3).map((l) => l.toLowerCase().replace(/^[-–—~\s]+/, ''));
  const signedAlready = tail.some((l) => l === name || l.startsWith(`${name} `) || l.endsWith(` ${name}`) || l.endsWith(`, ${name}`));
  if (!signedAlready) return `${body}\n\n${person.name}\n${storeName}\n`;
  const last = lines.at(-1)!.toLowerCase();
  return last === storeName.toLowerCase() ? `${body}\n` : `${body}\n${storeName}\n`;
}

/** The conversation after someone wrote into it (a new one when there was none). */
export function afterReply(
  existing: Conversation | null,
  input: {
    key: NoteKey;
    storeId: string;
    customer: Conversation['customer'];
    owner: Owner;
    category: Category;
    at: string;
    text: string;
    someoneElse: string | null;
    language: Language | null;
    messageId: string | null;
    subject: string;
  },
): Conversation {
  const base: Conversation = existing ?? {
    id: conversationId(input.key),
    storeId: input.storeId,
    customerKey: input.key.customerKey,
    noteId: input.key.noteId,
    customer: input.customer,
    owner: input.owner,
    category: input.category,
    waiting: false,
    lastMessage: { from: 'customer', text: '', at: input.at },
    escalationId: null,
    createdAt: input.at,
    updatedAt: input.at,
    language: null,
    lastInbound: null,
    version: 0,
  };
  const next: Conversation = {
    ...base,
    updatedAt: input.at,
    lastMessage: { from: 'customer', text: input.text, at: input.at, ...(input.someoneElse && { someoneElse: input.someoneElse }) },
    version: base.version + 1,
  };
  if (input.someoneElse) return { ...next, waiting: true };
  const { resumeAt: _dropped, ...rest } = next;
  return {
    ...rest,
    customer: { ...base.customer, name: input.customer.name ?? base.customer.name },
    category: input.category,
    language: input.language ?? base.language,
    lastInbound: { messageId: input.messageId, subject: input.subject, at: input.at },
  };
}

/** Whether an address is the customer's own (the one we wrote to). */
export function isCustomerAddress(customerEmail: string, address: string | null | undefined): boolean {
  return Boolean(address && normaliseEmail(address) === normaliseEmail(customerEmail));
}
