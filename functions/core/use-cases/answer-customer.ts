/**
 * A person of the store answers the customer: from the console, the API, or their own mail
 * client (a reply to a notice). Each way ends here.
 *
 * 1. The answer is signed once (their name and the store's, unless they signed it already) and
 *    kept in the conversation under a once-only key before anything is sent: the same mail, the
 *    same console submit, or a double POST never becomes a second email.
 * 2. It goes to the customer from the name and address the customer has been writing to (the
 *    persona who signed the note), signed by the person who wrote it, threaded under the
 *    customer's last message, with the conversation's reply address: the customer's side of the
 *    conversation keeps one correspondent however many people of the store take part. A
 *    check-back comes from the person who resolved the problem, as they promised it.
 * 3. It acknowledges the problem, or answers the question (which closes it and lets the
 *    customer's notes go on); an answer to praise or another reply lets their notes go on too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { conversationId, signedOnce, signerOfNote, type Conversation } from '../domain/conversation.ts';
import { withHistory, type Escalation } from '../domain/escalation.ts';
import type { Note } from '../domain/note.ts';
import { senderDisplayName } from '../domain/opt-out-line.ts';
import { ownerOf, personId, type Owner } from '../domain/staff.ts';
import type { StoreConfig } from '../domain/store.ts';
import { replyAddress } from '../domain/tokens.ts';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '../errors.ts';
import type { Clock, ConversationStore, CustomerStore, EscalationStore, Logger, MailingDeps, NoteStore, PendingOutbound, SendQueue } from '../ports.ts';
import { resumeNotes } from './resume-notes.ts';

export interface AnswerDeps {
  escalations: EscalationStore;
  customers: CustomerStore;
  conversations: ConversationStore;
  notes: NoteStore;
  clock: Clock;
  logger: Logger;
  store(id: string): StoreConfig | undefined;
}

export interface DeliverDeps extends MailingDeps {
  customers: CustomerStore;
  notes: NoteStore;
}

/** Who acts: a person of the store (by id), or the holder of the operator token. */
export interface Actor {
  id: string;
  name: string;
}

export interface Answer {
  store: StoreConfig;
  note: Note;
  /** The person the answer is from: their configured name and address. */
  from: Owner;
  /** Who made the action (recorded on the escalation). */
  actor: Actor;
  text: string;
  /** Once-only key: `mail:<id>` for a mail, a hash of the submit for the console. */
  key: string;
  at: string;
}

/** The once-only key of a console or API answer: the same text to the same last message is the same answer. */
export function consoleAnswerKey(input: { conversationId: string; text: string; lastInboundAt: string | null; idempotencyKey?: string | null }): string {
  const basis = input.idempotencyKey
    ? `given\n${input.conversationId}\n${input.idempotencyKey}`
    : `console\n${input.conversationId}\n${input.lastInboundAt ?? ''}\n${input.text.trim().replace(/\s+/g, ' ')}`;
  return `c${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

/**
 * Keeps the answer and updates the case; false when this very answer was kept before (a retry or
 * a double submit): nothing changes then, and the caller delivers what was kept.
 */
export async function answerCustomer(deps: AnswerDeps, input: Answer): Promise<{ first: boolean; pending: PendingOutbound }> {
  const { store, note } = input;
  const key = { customerKey: note.customerKey, noteId: note.noteId };
  const id = conversationId(key);
  const [conversation, profileFile] = await Promise.all([deps.conversations.get(store.id, id), deps.customers.load(note.customerKey)]);
  const profile = profileFile.profile;
  const escalation = conversation?.escalationId ? await deps.escalations.get(conversation.escalationId) : null;
  const last = conversation?.lastInbound ?? (escalation ? { messageId: escalation.reply.messageId, subject: escalation.reply.subject, at: escalation.reply.receivedAt } : null);
  const baseSubject = last?.subject || note.subject || store.name;
  const pending: PendingOutbound = {
    storeId: store.id,
    customerKey: note.customerKey,
    noteId: note.noteId,
    key: input.key,
    kind: 'answer',
    status: 'queued',
    createdAt: input.at,
    by: { id: personId(input.from.email), name: input.from.name, email: input.from.email },
    to: { name: conversation?.customer.name ?? escalation?.customer.name ?? profile?.firstName ?? null, address: profile?.email ?? conversation?.customer.email ?? escalation!.customer.email },
    subject: /^(re|aw|antw|réf|rv|sv)\s*:/i.test(baseSubject) ? baseSubject : `Re: ${baseSubject}`,
    text: signedOnce(input.text, input.from, store.name),
    // A customer's mail without a Message-ID: the note they answered is the nearest in the thread.
    inReplyTo: last?.messageId ?? note.messageId ?? null,
    references: [note.messageId, last?.messageId].filter((r): r is string => Boolean(r)),
    escalationId: escalation?.id ?? null,
  };
  if (!(await deps.customers.queueOutbound(pending))) {
    return { first: false, pending: (await deps.customers.getOutbound(note.customerKey, input.key)) ?? pending };
  }
  await afterAnswer(deps, { store, escalation, conversation, input, customerKey: note.customerKey });
  deps.logger.info('answer to the customer kept', { customerKey: note.customerKey, escalationId: escalation?.id, by: input.actor.id === 'operator' ? 'operator' : 'staff' });
  return { first: true, pending };
}

async function afterAnswer(
  deps: AnswerDeps,
  input: { store: StoreConfig; escalation: Escalation | null; conversation: Conversation | null; input: Answer; customerKey: string },
): Promise<void> {
  const { escalation, conversation, store } = input;
  const at = input.input.at;
  const by = input.input.actor.id;
  if (conversation) {
    await deps.conversations.save(
      { ...conversation, waiting: false, updatedAt: at, lastMessage: { from: 'staff', text: input.input.text, at, by }, version: conversation.version + 1 },
      conversation.version,
    );
  }
  let open = escalation && escalation.status !== 'resolved' ? escalation : null;
  if (open && open.category === 'question') {
    // An answered question is done: the clock stops and the customer's notes may go on.
    const saved = await deps.escalations.save(
      open,
      { status: 'resolved', resolvedAt: at, resolvedBy: by, answeredAt: at, answeredBy: by, history: withHistory(open, { at, action: 'answered', by }) },
      { due: null },
    );
    if (saved) await deps.customers.closeEscalation(input.customerKey, open.id, at, { problem: false });
    open = null;
  } else if (open) {
    // Answering the customer is the clearest acknowledgement there is.
    await deps.escalations.save(
      open,
      {
        ...(open.status === 'open' && { status: 'acknowledged' as const, acknowledgedAt: at, acknowledgedBy: by }),
        history: withHistory(open, { at, action: 'answered', by }),
      },
      open.status === 'open' ? { due: null } : {},
    );
  }
  if (!open) await resumeNotes(deps, store, input.customerKey, 'the owner answered');
}

export type DeliverOutcome = 'sent' | 'throttled' | 'failed' | 'unknown' | 'not-queued';

/**
 * Sends a kept answer (or check-back) once: claimed first, so a second attempt finds it taken.
 * Throttling puts it back (SES took nothing); an unknown outcome is never resent blindly.
 */
export async function deliverOutbound(deps: DeliverDeps, customerKey: string, key: string): Promise<{ outcome: DeliverOutcome; pending: PendingOutbound | null }> {
  const now = deps.clock.now().toISOString();
  const token = randomUUID();
  const pending = await deps.customers.claimOutbound(customerKey, key, token, now);
  if (!pending) return { outcome: 'not-queued', pending: await deps.customers.getOutbound(customerKey, key) };
  const note = await deps.notes.get({ customerKey, noteId: pending.noteId });
  const store = note && deps.store(note.storeId);
  if (!note || !store) {
    await deps.customers.settleOutbound(customerKey, key, token, { status: 'failed', reason: 'conversation-gone' });
    return { outcome: 'failed', pending };
  }
  const sender = pending.kind === 'answer' ? signerOfNote(note, store, ownerOf(store.persona)) : pending.by;
  const display = senderDisplayName(sender.name, store.name, note.language ?? store.language);
  const log = { customerKey, kind: pending.kind, escalationId: pending.escalationId ?? undefined };
  try {
    const sent = await deps.mailer.send({
      from: { name: display, address: sender.email },
      to: pending.to,
      replyTo: { name: display, address: replyAddress(deps.signer, { customerKey, noteId: pending.noteId }, deps.links.inboundDomain) },
      subject: pending.subject,
      text: pending.text,
      html: null,
      headers: {
        ...(pending.inReplyTo && { 'In-Reply-To': pending.inReplyTo }),
        ...(pending.references.length && { References: pending.references.join(' ') }),
      },
      tags: { storeId: store.id, customerKey, kind: pending.kind === 'answer' ? 'owner-reply' : 'check-back' },
    });
    const done = { ...pending, status: 'sent' as const, sentAt: now, sesMessageId: sent.sesMessageId, messageId: sent.messageId };
    await deps.customers.settleOutbound(customerKey, key, token, { status: 'sent', sentAt: now, sesMessageId: sent.sesMessageId, messageId: sent.messageId });
    deps.logger.info('message to the customer sent', log);
    return { outcome: 'sent', pending: done };
  } catch (error) {
    const message = (error as Error).message.slice(0, 200);
    if (error instanceof MailThrottledError) {
      await deps.customers.settleOutbound(customerKey, key, token, { status: 'queued', reason: 'throttled' });
      deps.logger.warn('SES throttled a message to the customer; it waits to be sent again', log);
      return { outcome: 'throttled', pending };
    }
    if (error instanceof MailRejectedError) {
      await deps.customers.settleOutbound(customerKey, key, token, { status: 'failed', reason: `rejected: ${message}` });
      deps.logger.error('SES rejected a message to the customer', { ...log, error: message });
      return { outcome: 'failed', pending };
    }
    const reason = error instanceof MailOutcomeUnknownError ? message : String(error).slice(0, 200);
    await deps.customers.settleOutbound(customerKey, key, token, { status: 'unknown', reason });
    deps.logger.error('whether a message to the customer was sent is not known; it is not sent again', { ...log, error: reason });
    return { outcome: 'unknown', pending };
  }
}

/** The queue's side: a kept answer from a mail client goes out; throttling is retried by the queue. */
export async function deliverQueued(deps: DeliverDeps, message: { conversationId: string; key: string }): Promise<DeliverOutcome> {
  const customerKey = message.conversationId.split('.')[0]!;
  const { outcome } = await deliverOutbound(deps, customerKey, message.key);
  if (outcome === 'throttled') throw new MailThrottledError('SES throttled a message to a customer');
  return outcome;
}

/** Hands a kept answer to the sender (the inbound function has no mail client). */
export async function queueDelivery(queue: SendQueue, pending: Pick<PendingOutbound, 'customerKey' | 'noteId' | 'key'>): Promise<void> {
  await queue.enqueue([{ kind: 'outbound', conversationId: conversationId(pending), key: pending.key }]);
}
