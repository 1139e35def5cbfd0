/**
 * What the use cases need from the world. Adapters implement these for DynamoDB, SES, SQS and
 * Secrets Manager in AWS, and for the local engines in the local runtime; use cases never see
 * an SDK type.
 */
import type { Classification } from './domain/classify.ts';
import type { CustomerProfile } from './domain/customer.ts';
import type { HeldItem } from './domain/customer-data.ts';
import type { Conversation } from './domain/conversation.ts';
import type { ConversationMessage, Escalation, EscalationStatus, OutboundStatus } from './domain/escalation.ts';
import type { PendingOutbound } from './domain/pending-outbound.ts';
import type { NoticeReason } from './domain/escalation-notice.ts';
import type { Note, NoteContext, NoteKey, RenderedNote } from './domain/note.ts';
import type { QueueMessage } from './domain/queue-message.ts';
import type { OrderEvent, OrderState, Platform } from './domain/purchase.ts';
import type { PrivacyRequest } from './domain/privacy-request.ts';
import type { TokenSigner } from './domain/keys.ts';
import type { Suppression } from './domain/send-decision.ts';
import type { StoreConfig } from './domain/store.ts';

export interface Clock {
  now(): Date;
}

/** Names one order of one store. */
export interface OrderKey {
  storeId: string;
  platform: Platform;
  orderId: string;
}

/** `applied`: merged, and the table's stream carries the new state on to planning. `duplicate`: seen before. */
export type ApplyOutcome = 'applied' | 'duplicate';

export interface OrderStore {
  /**
   * Merges one event into the order's state with a single conditional write; an event whose
   * dedupe keys were seen before changes nothing.
   */
  apply(input: {
    storeId: string;
    event: OrderEvent;
    customerKey: string | null;
    /** Where the whole payload was kept, when the stored snapshot leaves some of it out. */
    payloadKey?: string;
  }): Promise<ApplyOutcome>;
  get(storeId: string, platform: Platform, orderId: string): Promise<OrderState | null>;
  /** Orders by `platform:id` reference; missing ones are left out. */
  getMany(storeId: string, refs: string[]): Promise<OrderState[]>;
  delete(storeId: string, refs: string[]): Promise<void>;
}

/** A customer's profile and notes, read together. */
export interface CustomerFile {
  profile: CustomerProfile | null;
  notes: Note[];
}

export interface CountOrder {
  customerKey: string;
  storeId: string;
  email: string;
  firstName: string | null;
  orderRef: string;
  totalMinor: number;
  currency: string;
  orderedAt: string;
}

export interface CustomerStore {
  load(customerKey: string): Promise<CustomerFile>;
  /** Counts a paid order once; null when it was already counted. */
  countOrder(input: CountOrder): Promise<CustomerProfile | null>;
  /** Takes a cancelled or fully refunded order out of the counts; false when it was not counted. */
  uncountOrder(input: Omit<CountOrder, 'email' | 'firstName' | 'orderedAt'>): Promise<boolean>;
  /** Creates the profile when there is none yet (a customer whose order is not paid yet). */
  ensureProfile(input: { customerKey: string; storeId: string; email: string; firstName: string | null }): Promise<void>;
  /**
   * Keeps a reply beside the customer's notes (once per mail id) and, when the customer wrote it
   * themselves, marks when they last wrote (which holds their pending notes).
   */
  recordReply(input: InboundMessage): Promise<void>;
  /** Keeps a message a person of the store sent the customer. */
  recordOutbound(input: OutboundMessage): Promise<void>;
  /**
   * A message a person of the store is about to send the customer, under a key that makes it
   * once-only: false when one with this key exists already (a retry, a double submit).
   */
  queueOutbound(input: PendingOutbound): Promise<boolean>;
  getOutbound(customerKey: string, key: string): Promise<PendingOutbound | null>;
  /** Takes a queued message for sending; null when it is not queued (sent, being sent, failed). */
  claimOutbound(customerKey: string, key: string, claimToken: string, at: string): Promise<PendingOutbound | null>;
  /** Records how the send went; only the claim holder may. `queued` puts it back (throttled). */
  settleOutbound(
    customerKey: string,
    key: string,
    claimToken: string,
    outcome: { status: Exclude<OutboundStatus, 'sending'>; sentAt?: string; sesMessageId?: string; messageId?: string; reason?: string },
  ): Promise<void>;
  /** The conversation of one note: what the customer wrote and what the store answered, oldest first. */
  conversation(customerKey: string, noteId: string): Promise<ConversationMessage[]>;
  /** Marks an escalation open on the profile (notes hold meanwhile); false when one is open already. */
  openEscalation(customerKey: string, escalationId: string): Promise<boolean>;
  /**
   * Clears it; for a problem (not a question answered), remembers that a problem of theirs was
   * resolved, so the next note says so.
   */
  closeEscalation(customerKey: string, escalationId: string, at: string, options?: { problem: boolean }): Promise<void>;
}

/** A message from the customer, kept in their conversation. */
export interface InboundMessage {
  storeId: string;
  customerKey: string;
  noteId: string;
  mailId: string;
  receivedAt: string;
  subject: string;
  /** What they wrote, quotes and signature removed. */
  text: string;
  /** Their address matched the one we wrote to. */
  fromCustomer: boolean;
  fromAddress: string | null;
  classification: Pick<Classification, 'category' | 'escalate' | 'urgency' | 'reasons'>;
  /** The language the words are in, when it could be told. */
  language?: string | null;
  messageId?: string | null;
}

/** A message a person of the store sent the customer, in the same conversation. */
export interface OutboundMessage {
  storeId: string;
  customerKey: string;
  noteId: string;
  sentAt: string;
  subject: string;
  text: string;
  from: string;
  sesMessageId: string;
  messageId: string;
}


export type { PendingOutbound };

export type InboundOutcome = 'reply' | 'auto-reply' | 'bounce' | 'unmatched' | 'rejected';

export interface InboundResult {
  outcome: InboundOutcome;
  /** `<customer key>.<note id>`: the conversation the mail belongs to. */
  conversationId?: string;
  /** What the mail says, when it could be read. */
  classification?: Classification;
  /** The escalation it opened or joined. */
  escalationId?: string;
  /** The store whose conversation it joined. */
  storeId?: string;
  reasons: string[];
}

/** Where raw inbound mail is kept (S3 in AWS, the data folder locally). */
export interface RawMailSource {
  get(mailId: string): Promise<Buffer>;
}

/** Raw inbound mail, also filed under the store it turned out to belong to, and erased on request. */
export interface RawMailStore extends RawMailSource {
  /** Files a message under its store (its retention), or as belonging to no conversation (null). */
  label(mailId: string, storeId: string | null): Promise<void>;
  /** The raw message, or null when there is none (erased, expired, never stored). */
  find(mailId: string): Promise<Buffer | null>;
  erase(mailIds: string[]): Promise<void>;
}

/**
 * Files kept beside the table (a bucket in AWS, the data folder locally): whole webhook payloads
 * too large for an item (`payloads/<store>/…`) and customers' data exports (`exports/<store>/…`).
 */
export interface FileStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  delete(keys: string[]): Promise<void>;
}

export interface EscalationStore {
  /** False when it exists already (the same mail again). */
  create(escalation: Escalation): Promise<boolean>;
  get(id: string): Promise<Escalation | null>;
  /** A store's escalations, newest first. */
  list(storeId: string, status?: EscalationStatus): Promise<Escalation[]>;
  /** The customer wrote again about an open problem: the latest words, a higher priority if so. */
  addReply(
    escalation: Escalation,
    reply: Escalation['reply'],
    change: { priority: Escalation['priority']; reasons: string[]; dueBy?: string },
  ): Promise<boolean>;
  acknowledge(escalation: Escalation, at: string): Promise<boolean>;
  resolve(escalation: Escalation, at: string): Promise<boolean>;
  /** Takes an escalation whose time came (deadline, check-back) out of the due index under the queue token. */
  markQueued(id: string, dueSk: string, token: string): Promise<boolean>;
  /** Passes an overdue escalation on (or reminds its owner): only the holder of the token may. */
  passOn(id: string, token: string, change: { owner: Escalation['owner']; level: number; dueBy: string }): Promise<Escalation | null>;
  /**
   * Changes an escalation that is still at `escalation.version`; `due` puts it into the due index
   * at that time (null takes it out). With `queueToken`, only the holder of that token may, and
   * the token is remembered as handled. Null when another change came first.
   */
  save(escalation: Escalation, change: EscalationChange, options?: { due?: string | null; queueToken?: string }): Promise<Escalation | null>;
  /** Remembers that a notice went out; false when it had already. */
  noticeSent(escalation: Pick<Escalation, 'id'>, key: string): Promise<boolean>;
  /**
   * One reminder an hour per person, across every escalation: takes the person's slot at `at`,
   * or answers when the slot frees up.
   */
  reminderSlot(storeId: string, personId: string, at: string, gapMs: number): Promise<{ taken: true } | { taken: false; freeAt: string }>;
}

/** Fields an operator action, a deadline or a reply may change on an escalation. */
export type EscalationChange = Partial<
  Pick<
    Escalation,
    | 'status'
    | 'priority'
    | 'category'
    | 'owner'
    | 'level'
    | 'dueBy'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'resolvedAt'
    | 'resolvedBy'
    | 'answeredAt'
    | 'answeredBy'
    | 'reply'
    | 'reasons'
    | 'findings'
    | 'route'
    | 'reminders'
    | 'quietSince'
    | 'history'
    | 'checkBack'
    | 'language'
  >
>;

/** Conversations a customer (or someone) wrote into, listed per store. */
export interface ConversationStore {
  get(storeId: string, id: string): Promise<Conversation | null>;
  /** A store's conversations, newest first; one customer's only when `customerKey` is given. */
  list(storeId: string, options?: { customerKey?: string }): Promise<Conversation[]>;
  /**
   * Writes the conversation if it is still at `expectedVersion` (null: it must not exist yet);
   * in the due index at `resumeAt` while that is set. False when another write came first.
   */
  save(conversation: Conversation, expectedVersion: number | null): Promise<boolean>;
  markQueued(storeId: string, id: string, dueSk: string, token: string): Promise<boolean>;
  /**
   * Takes the once-only right to tell the owner about one mail into the conversation, for a
   * lease: false when the notice went already or another sender holds a live lease on it.
   */
  claimNotice(storeId: string, id: string, mailId: string, leaseUntil: string, now: string): Promise<boolean>;
  /** The notice about that mail is done with (sent, or given up): it is never sent again. */
  noticeDone(storeId: string, id: string, mailId: string, at: string): Promise<void>;
}

/** The daily digest's schedule, one per store, in the due index. */
export interface DigestStore {
  /** Puts the store's digest into the due index at `dueAt` unless it is there already (or running). */
  ensure(storeId: string, dueAt: string, now: string): Promise<void>;
  markQueued(storeId: string, dueSk: string, token: string): Promise<boolean>;
  /** Who got which day's digest already (person key → day), and whether `token` holds it. */
  get(storeId: string): Promise<{ sent: Record<string, string>; queueToken: string | null; handledToken: string | null; lastRunAt: string | null } | null>;
  markSent(storeId: string, personKey: string, day: string): Promise<void>;
  /** Done with a run: back into the index at `nextAt` (null: out until something new happens). */
  finish(storeId: string, token: string, nextAt: string | null, at: string): Promise<void>;
}

/**
 * What a received mail's work is kept under: SES's id for the mail, or, for a copy of a message
 * already taken in (the same Message-ID and words under a new id), the message's own key in the
 * customer's partition, so erasing the customer erases it too.
 */
export type InboundWork = string | { copy: string; customerKey: string; noteId: string };

export interface InboundStore {
  /**
   * Starts the work on a received mail. A mail whose work finished gives back its result; one
   * being worked on right now (a live lease) is `busy`; one whose earlier attempt failed or died
   * is worked on again, and so is one whose lease `holder` holds (the same invocation again, after
   * an answer lost on the way). `firstAt` is when it was first seen: what it is kept under.
   */
  begin(
    mailId: InboundWork,
    at: string,
    leaseUntil: string,
    holder: string,
  ): Promise<{ state: 'work'; firstAt: string } | { state: 'done'; result: InboundResult } | { state: 'busy' }>;
  /** The work is done: a mail seen again gives back this result. */
  finish(mailId: InboundWork, result: InboundResult): Promise<void>;
  /** The attempt failed: the next one may start at once. */
  release(mailId: InboundWork): Promise<void>;
}

/** A short explanation to whoever sent a mail we would not pass on. */
export interface Refusal {
  to: string;
  subject: string;
  reason: import('./domain/words/staff-words.ts').RefusalReason;
  storeId: string | null;
  inReplyTo: string | null;
  /** Reply-To for a person of the store (their notice's address), else null. */
  replyTo: string | null;
}

export interface NoteChange {
  orders: Record<string, string>;
  dueAt: string;
}

export interface NoteStore {
  /** False when a note with this id exists already. */
  create(note: Note): Promise<boolean>;
  /** Changes the orders and due time of a scheduled note, if it is still at `version`. */
  replan(note: Note, change: NoteChange): Promise<boolean>;
  /** Cancels a scheduled note that is still at its version. */
  cancelPlanned(note: Note, reason: string): Promise<boolean>;

  /** Work due at or before `now`, across all shards, oldest first. */
  findDue(now: Date, limit: number): Promise<DueWork[]>;
  /** The earliest due time in the index after `after` (the local clock steps to it). */
  nextDue(after: Date): Promise<Date | null>;
  /**
   * Hands a due entry to the queue under `token`: a scheduled note, or a note whose sender's
   * lease ran out (its entry is the lease's end). The entry moves on to `recheckAt`, when the
   * sweeper looks again if the message came to nothing (lost, or dead-lettered). False when the
   * entry moved or the note changed since it was read.
   */
  markQueued(key: NoteKey, dueSk: string, token: string, recheckAt: string): Promise<boolean>;

  /**
   * Claims a queued note for sending: only the holder of the queue token wins, and only once.
   * The lease's end enters the due index, so a sender that dies is noticed by the sweeper.
   * Returns the claimed note, or the note as it stands when it could not be claimed.
   */
  claim(
    key: NoteKey,
    input: { queueToken: string; claimToken: string; leaseUntil: string },
  ): Promise<{ claimed: true; note: Note } | { claimed: false; note: Note | null }>;
  /**
   * Takes the customer's daily send slot for this note, in one conditional write on the
   * customer: it is free when no note of theirs took it since `capStart` (null: an operator's
   * release, no cap). Two notes falling due together cannot both pass the daily cap.
   */
  reserveSend(key: NoteKey, input: { at: string; capStart: string | null }): Promise<{ reserved: true } | { reserved: false; lastSendAt: string }>;
  /**
   * Records that SES is about to be called under this claim, before the call. Throws
   * ConcurrentChangeError when the claim was lost meanwhile: then nothing may be sent.
   */
  markAttempt(key: NoteKey, claimToken: string, at: string): Promise<void>;
  /** Records the send; only the claim holder may (also once the note was parked `unknown` meanwhile). */
  markSent(
    key: NoteKey,
    claimToken: string,
    sent: { sentAt: string; sesMessageId: string; messageId: string; subject: string; text: string; language: string; variant: string },
  ): Promise<void>;
  /** Puts a claimed note back into the due index at `dueAt` (nothing was sent). */
  reschedule(key: NoteKey, claimToken: string, dueAt: string, reason: string): Promise<void>;
  /** Ends a claimed note without sending. */
  finish(key: NoteKey, claimToken: string, status: 'cancelled' | 'held' | 'failed', reason: string): Promise<void>;
  /**
   * The send's outcome is not known: the note waits for a person, listed under its store. Only
   * the holder of `claimToken` may park it (a sender, or whoever settles its expired lease).
   */
  markUnknown(key: NoteKey, claimToken: string, input: { storeId: string; at: string; reason: string }): Promise<boolean>;
  /**
   * A lease ran out under `staleClaim` before any attempt was recorded: nothing was sent, so the
   * note goes back into the due index at `dueAt`. False when the claim attempted (or moved on).
   */
  requeue(key: NoteKey, staleClaim: string, dueAt: string): Promise<boolean>;
  /**
   * Lets a note a person's reply held (or one planned before that reply) go on: scheduled again
   * at `dueAt`, planned as of `plannedAt`, if it is still at its version and not on its way.
   */
  resume(note: Note, change: { dueAt: string; plannedAt: string }): Promise<boolean>;
  /** SES reported the message as accepted: whatever the note's state, it was sent. */
  settleFromSendEvent(key: NoteKey, sesMessageId: string, messageId: string, sentAt: string): Promise<boolean>;
  /** An operator's "skip" (or "drop" for an unknown note): cancelled, if it is still `expected`. */
  skip(key: NoteKey, input: { expected: 'scheduled' | 'unknown'; at: string; by: string }): Promise<boolean>;
  /**
   * An operator's "send now" (or "send" for an unknown note, accepting the risk of a second
   * copy): due now, past the window and the caps, if it is still `expected`.
   */
  release(key: NoteKey, input: { expected: 'scheduled' | 'unknown'; at: string; by: string }): Promise<boolean>;
  get(key: NoteKey): Promise<Note | null>;

  /**
   * Notes in the due index due at or before `until` (scheduled, or being sent), soonest first,
   * at most `limit`; `truncated` when more were due.
   */
  listDue(until: string, limit: number): Promise<{ notes: Note[]; truncated: boolean }>;
  /** A store's notes waiting for a person (`unknown`), longest waiting first. */
  listWaiting(storeId: string): Promise<Note[]>;
  /** Who the notes of these customers go to (address and first name), for the operator's list. */
  recipients(customerKeys: string[]): Promise<Map<string, { email: string; name: string | null }>>;
}

export interface SuppressionStore {
  /** Why this address must not get notes from this store, if at all. */
  reasons(email: string, storeId: string): Promise<Suppression[]>;
  /** `storeId` null: for every store (bounces and complaints). */
  add(email: string, storeId: string | null, reason: Suppression, at: string): Promise<void>;
}

/** The operator console's signed-in sessions; one that is revoked or expired is over. */
export interface SessionStore {
  /** `expiresAt` in Unix seconds. */
  create(id: string, expiresAt: number): Promise<void>;
  active(id: string, nowSeconds: number): Promise<boolean>;
  revoke(id: string): Promise<void>;
}

/**
 * Deliveries that touch no order (the privacy topics). A delivery is recorded once its work is
 * done, so a delivery whose work failed half-way is done again when the platform retries it.
 */
export interface WebhookLedger {
  /** Whether a delivery with any of these keys was completed before. */
  seen(storeId: string, dedupeKeys: string[]): Promise<boolean>;
  /** Records a completed delivery. */
  record(storeId: string, dedupeKeys: string[], at: string): Promise<void>;
}

/**
 * Privacy deliveries waiting to be carried out (domain/privacy-request.ts). A request stays until
 * its work is done, so one that failed is offered again.
 */
export interface PrivacyRequestStore {
  /** Keeps a request; the same delivery again replaces it. */
  submit(request: PrivacyRequest): Promise<void>;
  /** Forgets a request whose work is done (it names the customer). */
  done(request: PrivacyRequest): Promise<void>;
}

/** What a store holds, found by scanning for it: for a store (or one of its platforms) leaving. */
export interface StoreHoldings {
  /** Every customer of the store: profiles, notes, orders and escalations name them. */
  customerKeys: string[];
  orders: Array<{ ref: string; platform: Platform; customerKey: string | null }>;
  /** The store's own entries: its unsubscribe list, digest schedule, reminder slots of its people. */
  storeKeys: string[];
}

/** An erasure, kept as the record of who erased what and why (no address, only the customer key). */
export interface ErasureRecord {
  storeId: string;
  at: string;
  customerKey: string | null;
  scope: 'all' | Platform;
  /** Who asked: "Shopify customers/redact", "operator (console)" … */
  by: string;
  counts: Record<string, number>;
}

/** Finding and removing everything held about a customer (erasure, data export). */
export interface PrivacyStore {
  /**
   * Every item held about one customer of a store: their partition (profile, notes, messages),
   * their orders and escalations (the customer index), and the orders named by reference.
   */
  gather(storeId: string, customerKey: string | null, orderRefs: string[]): Promise<HeldItem[]>;
  storeHoldings(storeId: string): Promise<StoreHoldings>;
  /** Deletes items by their keys, and the received-mail records of these mail ids. */
  erase(keys: string[], mailIds: string[]): Promise<void>;
  /** Takes order references out of a note that stays. */
  dropOrdersFromNote(customerKey: string, noteId: string, refs: string[]): Promise<void>;
  record(entry: ErasureRecord): Promise<void>;
}

/** Work for the sender (domain/queue-message.ts has the contract). */
export type { QueueMessage } from './domain/queue-message.ts';

/** Announces an escalation to its owner (the sender emails the notice). */
export interface NoticeQueue {
  announce(escalationId: string, reason: NoticeReason, options?: { by?: string; key?: string }): Promise<void>;
}

/** What the due index holds: notes, and open escalations waiting for an acknowledgement. */
export type DueWork =
  | { kind: 'note'; customerKey: string; noteId: string; dueSk: string }
  | { kind: 'escalation'; escalationId: string; dueSk: string }
  | { kind: 'conversation'; storeId: string; conversationId: string; dueSk: string }
  | { kind: 'digest'; storeId: string; dueSk: string };

/** The queue between the sweeper (and the inbound function) and the sender. */
export interface SendQueue {
  enqueue(messages: QueueMessage[]): Promise<void>;
}

export interface OutgoingMail {
  from: { name: string; address: string };
  to: { name: string | null; address: string };
  replyTo: { name: string; address: string };
  subject: string;
  text: string;
  html: string | null;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, In-Reply-To …). */
  headers: Record<string, string>;
  /** SES message tags, for delivery events (noteId, customerKey, storeId). */
  tags: Record<string, string>;
}

export interface Mailer {
  /**
   * Sends exactly one attempt. Throws MailThrottledError, MailRejectedError or
   * MailOutcomeUnknownError (core/errors.ts).
   */
  send(mail: OutgoingMail): Promise<{ sesMessageId: string; messageId: string }>;
}

export interface NoteRenderer {
  render(context: NoteContext, store: StoreConfig): RenderedNote;
  /** The HTML part for a final text (the note with the lines added around it). */
  htmlFor(text: string): string;
}

export interface SecretProvider {
  get(name: string): Promise<string>;
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Where mail points back to: the domain of reply addresses and the base of every link. */
export interface Links {
  inboundDomain: string;
  publicBaseUrl: string;
}

/** What every use case that writes to someone needs besides its stores. */
export interface MailingDeps {
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  store(id: string): StoreConfig | undefined;
  links: Links;
}
