/**
 * Getting a customer to the right person, quickly, and keeping at it without nagging.
 *
 * - A problem opens an escalation owned by the store's senior person; a question one owned by the
 *   person who signed the note (with an answer-by clock). Each comes with the order and the
 *   customer's own words, and is announced at once. A customer who writes again while one is
 *   open joins it (a problem turns a question into a problem and takes it to the senior person).
 * - When its clock runs out (in working hours), the sweeper hands it to the sender, which passes
 *   it to the next person on its route, or reminds the owner at the top: a few times at most,
 *   never more than once an hour per person, then it waits on the owner's digest.
 * - A resolved problem gets its check-back from the same person, a few days later.
 * - The notice itself is emailed by the sender (`sendNotice`); whoever opens or passes on an
 *   escalation only announces it, so the inbound function needs no mail client. Every notice is
 *   a thread its reader can answer from their own mail client.
 */
import type { Classification } from '../domain/classify.ts';
import type { Conversation } from '../domain/conversation.ts';
import type { CustomerProfile } from '../domain/customer.ts';
import { nextDigestAt } from '../domain/digest.ts';
import {
  deadline,
  escalationId,
  REMINDER_GAP_MS,
  reminderMoment,
  routeOf,
  stepAtDeadline,
  withHistory,
  type Escalation,
  type Route,
} from '../domain/escalation.ts';
import { escalationNotice, noticeSender, staffNotice, type NoticeReason } from '../domain/escalation-notice.ts';
import type { Note } from '../domain/note.ts';
import { fulfillmentState } from '../domain/purchase.ts';
import { personId, rungs, type Owner } from '../domain/staff.ts';
import type { Language, StoreConfig } from '../domain/store.ts';
import { staffReplyAddress } from '../domain/tokens.ts';
import { noticeTags } from '../domain/notice-tags.ts';
import { SEND_LEASE_MS } from '../domain/send-timing.ts';
import { MailOutcomeUnknownError, MailThrottledError } from '../errors.ts';
import type { Clock, ConversationStore, CustomerStore, DigestStore, EscalationStore, Logger, MailingDeps, NoticeQueue, OrderStore } from '../ports.ts';

export interface EscalateDeps {
  escalations: EscalationStore;
  customers: CustomerStore;
  orders: OrderStore;
  conversations: ConversationStore;
  digests: DigestStore;
  notices: NoticeQueue;
  clock: Clock;
  logger: Logger;
  store(id: string): StoreConfig | undefined;
}

export interface NoticeDeps extends MailingDeps {
  escalations: EscalationStore;
  conversations: ConversationStore;
}

export interface EscalatedReply {
  store: StoreConfig;
  profile: CustomerProfile;
  note: Note;
  mailId: string;
  classification: Classification;
  reply: Escalation['reply'];
  customerName: string | null;
  /** `senior` for a problem, `owner` for a question. */
  route: Route;
  /** The person who signed the note. */
  conversationOwner: Owner;
  language: Language | null;
}

/** Puts the store's digest on the schedule (a no-op when it is there already). */
export async function scheduleDigest(deps: Pick<EscalateDeps, 'digests' | 'clock'>, store: StoreConfig): Promise<void> {
  if (!store.digest.enabled) return;
  const now = deps.clock.now();
  await deps.digests.ensure(store.id, nextDigestAt(now, store).toISOString(), now.toISOString());
}

/** Opens an escalation for a reply, or joins the one open for this customer. Returns its id. */
export async function escalateReply(deps: EscalateDeps, input: EscalatedReply): Promise<string> {
  const { store, profile, classification } = input;
  const now = deps.clock.now();
  const id = escalationId(store.id, input.mailId);
  const open = profile.openEscalationId ? await deps.escalations.get(profile.openEscalationId) : null;
  if (open && open.status !== 'resolved' && open.id !== id) return joinOpen(deps, { ...input, open, now });

  const existing = open?.id === id ? open : await deps.escalations.get(id);
  if (!existing) {
    const [order] = await deps.orders.getMany(store.id, Object.keys(input.note.orders));
    const snapshot = order?.snapshot;
    // A problem is a complaint, whatever words carried it (praise around a defect); a question is a question.
    const category = input.route === 'senior' ? 'complaint' : 'question';
    const draft = { route: input.route, conversationOwner: input.conversationOwner };
    const owner = routeOf(draft, store)[0]!;
    const escalation: Escalation = {
      id,
      storeId: store.id,
      status: 'open',
      priority: classification.urgency,
      category,
      owner,
      level: 0,
      createdAt: now.toISOString(),
      dueBy: deadline(now, { priority: classification.urgency, category }, store).toISOString(),
      customerKey: profile.customerKey,
      noteId: input.note.noteId,
      customer: { email: profile.email, name: input.customerName ?? profile.firstName },
      order:
        order && snapshot
          ? {
              platform: order.platform,
              id: order.orderId,
              name: snapshot.orderName,
              items: snapshot.items,
              total: snapshot.totalMinor,
              currency: snapshot.currency,
              fulfillment: fulfillmentState(order),
            }
          : null,
      reply: input.reply,
      reasons: classification.reasons,
      findings: classification.findings,
      version: 1,
      route: input.route,
      conversationOwner: input.conversationOwner,
      language: input.language,
      history: [{ at: now.toISOString(), action: 'opened', by: 'followup', owner }],
    };
    if (await deps.escalations.create(escalation)) {
      deps.logger.info('escalation opened', { escalationId: id, priority: escalation.priority, category: escalation.category, route: input.route });
    }
  }
  // Also on a retry of the same mail: the notice goes out once (the sender dedupes by key).
  await deps.customers.openEscalation(profile.customerKey, id);
  await deps.notices.announce(id, 'new', { key: 'new' });
  await scheduleDigest(deps, store);
  return id;
}

async function joinOpen(deps: EscalateDeps, input: EscalatedReply & { open: Escalation; now: Date }): Promise<string> {
  const { open, store, classification, now } = input;
  const priority = open.priority === 'high' || classification.urgency === 'high' ? 'high' : 'normal';
  const becameUrgent = priority === 'high' && open.priority !== 'high';
  const reasons = [...new Set([...classification.reasons, ...open.reasons])].slice(0, 12);
  const findings = [...classification.findings, ...(open.findings ?? [])].slice(0, 24);
  // A problem reported while a question was open: the senior person takes it, with a new clock.
  if (input.route === 'senior' && open.route === 'owner') {
    const senior = rungs(store)[0]!;
    const dueBy = deadline(now, { priority, category: 'complaint' }, store).toISOString();
    const saved = await deps.escalations.save(
      open,
      {
        route: 'senior',
        category: 'complaint',
        priority,
        status: 'open',
        owner: senior,
        level: 0,
        dueBy,
        reply: input.reply,
        reasons,
        findings,
        language: input.language,
        history: withHistory(open, { at: now.toISOString(), action: 'passed-on', by: 'followup', owner: senior, from: open.owner }),
      },
      { due: dueBy },
    );
    if (saved) await deps.notices.announce(open.id, 'new', { key: `problem:${input.mailId}` });
    return open.id;
  }
  const dueBy = becameUrgent && open.status === 'open' ? deadline(now, { priority, category: open.category }, store).toISOString() : undefined;
  const saved = await deps.escalations.save(
    open,
    { reply: input.reply, priority, reasons, findings, language: input.language ?? open.language ?? null, ...(dueBy && { dueBy }) },
    dueBy ? { due: dueBy } : {},
  );
  if (saved) await deps.notices.announce(open.id, 'new-message', { key: `message:${input.mailId}` });
  return open.id;
}

export type DeadlineOutcome = 'passed-on' | 'reminded' | 'deferred' | 'quiet' | 'check-back' | 'skipped';

/**
 * An escalation's time came (the sweeper's message): pass it on, remind, go quiet, or, for a
 * resolved problem, send its check-back (`checkBack` does the sending).
 */
export async function passOnOverdue(
  deps: EscalateDeps & { checkBack?: (escalation: Escalation, token: string) => Promise<DeadlineOutcome> },
  message: { escalationId: string; token: string },
): Promise<DeadlineOutcome> {
  const current = await deps.escalations.get(message.escalationId);
  const store = current && deps.store(current.storeId);
  if (!current || !store) return 'skipped';
  if (current.handledToken === message.token) return repeatNotice(deps, current, message.token);
  if (current.queueToken !== message.token) return 'skipped';
  if (current.status === 'resolved') return deps.checkBack ? deps.checkBack(current, message.token) : 'skipped';
  if (current.status !== 'open') {
    await deps.escalations.save(current, {}, { queueToken: message.token, due: null });
    return 'skipped';
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const key = `due:${message.token}`;
  const step = stepAtDeadline(current, store);
  if (step.kind === 'climb') {
    const dueBy = deadline(now, current, store).toISOString();
    const updated = await deps.escalations.save(
      current,
      { owner: step.owner, level: step.level, dueBy, history: withHistory(current, { at, action: 'passed-on', by: 'followup', owner: step.owner, from: current.owner }) },
      { due: dueBy, queueToken: message.token },
    );
    if (!updated) return 'skipped';
    await deps.notices.announce(updated.id, 'passed-on', { key });
    deps.logger.info('escalation passed on', { escalationId: updated.id, rung: updated.level });
    return 'passed-on';
  }
  if (step.kind === 'quiet') {
    const updated = await deps.escalations.save(
      current,
      { quietSince: at, history: withHistory(current, { at, action: 'reminders-stopped', by: 'followup', owner: current.owner }) },
      { due: null, queueToken: message.token },
    );
    if (updated) {
      await scheduleDigest(deps, store);
      deps.logger.info('escalation reminders stopped; it waits on the digest', { escalationId: current.id, reminders: store.escalation.maxReminders });
    }
    return updated ? 'quiet' : 'skipped';
  }
  const slot = await deps.escalations.reminderSlot(store.id, personId(current.owner.email), at, REMINDER_GAP_MS);
  if (!slot.taken) {
    // This person had a reminder within the hour (about this or another escalation): later.
    const later = reminderMoment(new Date(slot.freeAt), current.priority, store).toISOString();
    const updated = await deps.escalations.save(current, {}, { due: later, queueToken: message.token });
    return updated ? 'deferred' : 'skipped';
  }
  const dueBy = deadline(now, current, store).toISOString();
  const reminders = { ...(current.reminders ?? {}), [personId(current.owner.email)]: step.count };
  const updated = await deps.escalations.save(
    current,
    { reminders, dueBy, history: withHistory(current, { at, action: 'reminded', by: 'followup', owner: current.owner }) },
    { due: dueBy, queueToken: message.token },
  );
  if (!updated) return 'skipped';
  await deps.notices.announce(updated.id, 'reminder', { key });
  deps.logger.info('escalation reminder', { escalationId: updated.id, reminder: step.count });
  return 'reminded';
}

/** The same message again after a failure part-way: its notice once more (sent at most once). */
async function repeatNotice(deps: EscalateDeps, escalation: Escalation, token: string): Promise<DeadlineOutcome> {
  const last = escalation.history?.at(-1);
  if (last?.action === 'passed-on') await deps.notices.announce(escalation.id, 'passed-on', { key: `due:${token}` });
  else if (last?.action === 'reminded') await deps.notices.announce(escalation.id, 'reminder', { key: `due:${token}` });
  return 'skipped';
}

/** Where a notice's reader answers: the staff address of the conversation, and its console page. */
function answerLinks(deps: NoticeDeps, escalation: Pick<Escalation, 'customerKey' | 'noteId'>, consolePath: string) {
  return {
    replyTo: staffReplyAddress(deps.signer, { customerKey: escalation.customerKey, noteId: escalation.noteId }, deps.links.inboundDomain),
    consoleUrl: `${deps.links.publicBaseUrl}${consolePath}`,
  };
}

async function mailNotice(
  deps: NoticeDeps,
  input: {
    store: StoreConfig;
    to: Owner;
    subject: string;
    text: string;
    replyTo: string;
    thread: string;
    tag: Record<string, string>;
    /** Its Send event records it as sent (noticeTags): an unknown outcome is tried again, not dropped. */
    settledBySendEvent?: boolean;
  },
): Promise<boolean> {
  // Every notice about one conversation refers to the same thread, so a mail client shows the
  // first notice, the reminders and the hand-overs together.
  const thread = `<${input.thread}@${deps.links.inboundDomain}>`;
  try {
    await deps.mailer.send({
      from: { name: `${input.store.name} follow-ups`, address: noticeSender(deps.links.inboundDomain) },
      to: { name: input.to.name, address: input.to.email },
      replyTo: { name: input.store.name, address: input.replyTo },
      subject: input.subject,
      text: input.text,
      html: null,
      headers: { 'Auto-Submitted': 'auto-generated', 'In-Reply-To': thread, References: thread },
      tags: { storeId: input.store.id, ...input.tag },
    });
    return true;
  } catch (error) {
    if (error instanceof MailThrottledError) throw error;
    // SES may have taken it: offered again, it goes only if no Send event said it went.
    if (error instanceof MailOutcomeUnknownError && input.settledBySendEvent) throw error;
    deps.logger.error('notice not sent', { storeId: input.store.id, ...input.tag, error: (error as Error).message });
    return false;
  }
}

/**
 * Emails the owner, as the escalation stands now. Throttling is thrown (the queue offers the
 * notice again); a notice SES refuses is logged, and the console still shows the escalation. A
 * notice already sent under the same key is not sent again: recorded after the send, or, when
 * that answer or that record was lost, from the notice's Send event (record-mail-event.ts), which
 * SES publishes well before the queue offers the notice again. So a send whose outcome is unknown
 * is thrown too, and the notice goes again only if SES never took it.
 */
export async function sendNotice(
  deps: NoticeDeps,
  input: { escalationId: string; reason: NoticeReason; by?: string; key?: string },
): Promise<void> {
  const escalation = await deps.escalations.get(input.escalationId);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return;
  const key = input.key ?? `${input.reason}:${escalation.version}`;
  if (escalation.noticesSent?.includes(key)) return;
  const links = answerLinks(deps, escalation, `/console/escalations/${escalation.id}`);
  const reminderCount = escalation.reminders?.[personId(escalation.owner.email)];
  const notice = escalationNotice({
    escalation,
    store,
    reason: input.reason,
    consoleUrl: links.consoleUrl,
    ...(input.reason === 'reminder' && reminderCount && { reminder: { count: reminderCount, max: store.escalation.maxReminders } }),
    ...(input.by && { by: input.by }),
  });
  const tag = noticeTags(escalation.id, key);
  const thread = `conversation.${escalation.customerKey}.${escalation.noteId}`;
  if (await mailNotice(deps, { store, to: escalation.owner, ...notice, replyTo: links.replyTo, thread, tag, settledBySendEvent: true })) {
    await deps.escalations.noticeSent(escalation, key);
  }
}

/**
 * Tells a conversation's owner that someone other than the customer wrote into it, once per
 * mail: the same queue message offered twice, or a receive retried, sends one notice. A throttle
 * leaves the lease to run out so the queue's next offer sends it; a send whose outcome is unknown
 * is not tried again (the console shows the mail either way).
 */
export async function sendConversationNotice(deps: NoticeDeps, input: { storeId: string; conversationId: string; mailId: string }): Promise<void> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + SEND_LEASE_MS).toISOString();
  if (!(await deps.conversations.claimNotice(input.storeId, input.conversationId, input.mailId, leaseUntil, now.toISOString()))) {
    deps.logger.info('conversation notice sent already', { storeId: input.storeId, conversationId: input.conversationId });
    return;
  }
  await tellOwnerOfConversation(deps, input);
  await deps.conversations.noticeDone(input.storeId, input.conversationId, input.mailId, deps.clock.now().toISOString());
}

async function tellOwnerOfConversation(deps: NoticeDeps, input: { storeId: string; conversationId: string }): Promise<void> {
  const store = deps.store(input.storeId);
  const conversation = store ? await deps.conversations.get(input.storeId, input.conversationId) : null;
  if (!store || !conversation || !conversation.lastMessage.someoneElse) return;
  const c: Conversation = conversation;
  // While an escalation is open, whoever holds it hears; else the conversation's owner.
  const escalation = c.escalationId ? await deps.escalations.get(c.escalationId) : null;
  const to = escalation && escalation.status !== 'resolved' ? escalation.owner : c.owner;
  const links = answerLinks(deps, c, `/console/conversations/${c.id}`);
  const notice = staffNotice({
    store,
    to,
    reason: 'someone-else',
    category: c.category,
    urgent: false,
    customer: c.customer,
    words: { text: c.lastMessage.text, at: c.lastMessage.at, language: null, someoneElse: c.lastMessage.someoneElse ?? null },
    order: null,
    reasons: [],
    due: null,
    consoleUrl: links.consoleUrl,
  });
  await mailNotice(deps, { store, to, ...notice, replyTo: links.replyTo, thread: `conversation.${c.id}`, tag: { kind: 'conversation-notice' } });
}
