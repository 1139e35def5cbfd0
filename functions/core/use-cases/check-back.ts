/**
 * The check-back after a resolved problem, and its answer.
 *
 * 1. Resolving a problem schedules a check-back from the person who handled it, a few days on.
 * 2. When it falls due, it goes out in the customer's thread and language, unless the customer
 *    wrote again meanwhile, has an escalation open, or asked for no more mail.
 * 3. The customer's answer to it is scored satisfied or not and kept on the escalation (and is
 *    routed like any reply: a new problem still reaches the senior person).
 */
import { checkBackAt, scoreCheckBack } from '../domain/check-back.ts';
import type { Classification } from '../domain/classify.ts';
import { conversationId } from '../domain/conversation.ts';
import { withHistory, type Escalation } from '../domain/escalation.ts';
import { productPhrase } from '../domain/product-name.ts';
import { personId, type Owner } from '../domain/staff.ts';
import type { StoreConfig } from '../domain/store.ts';
import { staffWords } from '../domain/words/staff-words.ts';
import type { ConversationStore, EscalationStore, Logger, NoteStore, SuppressionStore } from '../ports.ts';
import type { DeadlineOutcome } from './escalate.ts';
import { deliverOutbound, type DeliverDeps } from './answer-customer.ts';

export interface CheckBackDeps extends DeliverDeps {
  escalations: EscalationStore;
  conversations: ConversationStore;
  suppressions: SuppressionStore;
  notes: NoteStore;
  logger: Logger;
}

/** When a resolved problem's check-back is due, and from whom; null when the store has none. */
export function planCheckBack(escalation: Escalation, store: StoreConfig, resolvedAt: Date, from: Owner): Escalation['checkBack'] | null {
  if (escalation.category !== 'complaint') return null;
  const at = checkBackAt(resolvedAt, store, store.timeZone, escalation.id);
  return at ? { dueAt: at.toISOString(), from } : null;
}

export async function sendCheckBack(deps: CheckBackDeps, escalation: Escalation, token: string): Promise<DeadlineOutcome> {
  const store = deps.store(escalation.storeId);
  const cb = escalation.checkBack;
  if (!store || !cb || cb.sentAt || cb.skipped) {
    await deps.escalations.save(escalation, {}, { queueToken: token, due: null });
    return 'skipped';
  }
  const key = `check-back-${escalation.id.replace(/[^a-z0-9]/g, '')}`;
  const { profile } = await deps.customers.load(escalation.customerKey);
  const suppressed = profile ? await deps.suppressions.reasons(profile.email, store.id) : ['erased'];
  const skip =
    suppressed.length > 0
      ? `no mail: ${suppressed.join(', ')}`
      : profile?.openEscalationId
        ? 'another escalation is open'
        : profile?.lastReplyAt && escalation.resolvedAt && profile.lastReplyAt > escalation.resolvedAt
          ? 'the customer wrote since'
          : null;
  const at = deps.clock.now().toISOString();
  if (skip) {
    await deps.escalations.save(escalation, { checkBack: { ...cb, skipped: skip } }, { queueToken: token, due: null });
    deps.logger.info('check-back not sent', { escalationId: escalation.id, why: skip });
    return 'skipped';
  }

  const note = await deps.notes.get({ customerKey: escalation.customerKey, noteId: escalation.noteId });
  const language = note?.language ?? store.language;
  const words = staffWords(language);
  const product = productPhrase(escalation.order?.items ?? [], language, { keepWords: [store.name] }).yours;
  const subject = words.checkBackSubject(escalation.reply.subject || note?.subject || store.name);
  const kept = await deps.customers.queueOutbound({
    storeId: store.id,
    customerKey: escalation.customerKey,
    noteId: escalation.noteId,
    key,
    kind: 'check-back',
    status: 'queued',
    createdAt: at,
    by: { id: personId(cb.from.email), name: cb.from.name, email: cb.from.email },
    to: { name: escalation.customer.name, address: profile!.email },
    subject,
    text: words.checkBack({ firstName: escalation.customer.name?.split(' ')[0] ?? null, product, signer: cb.from.name, store: store.name }),
    inReplyTo: escalation.reply.messageId,
    references: [note?.messageId, escalation.reply.messageId].filter((r): r is string => Boolean(r)),
    escalationId: escalation.id,
  });
  const { outcome, pending } = await deliverOutbound(deps, escalation.customerKey, key);
  if (outcome === 'throttled') throw new Error('SES throttled the check-back; the queue offers it again');
  if (outcome !== 'sent' && !(outcome === 'not-queued' && pending?.status === 'sent')) {
    await deps.escalations.save(escalation, { checkBack: { ...cb, skipped: `not sent: ${pending?.status ?? outcome}` } }, { queueToken: token, due: null });
    return 'skipped';
  }
  await deps.escalations.save(
    escalation,
    {
      checkBack: { ...cb, sentAt: pending!.sentAt ?? at, ...(pending!.messageId && { messageId: pending!.messageId }) },
      history: withHistory(escalation, { at, action: 'check-back', by: personId(cb.from.email) }),
    },
    { queueToken: token, due: null },
  );
  const conversation = await deps.conversations.get(store.id, conversationId(escalation));
  if (conversation && kept) {
    await deps.conversations.save(
      { ...conversation, updatedAt: at, lastMessage: { from: 'staff', text: pending!.text, at, by: personId(cb.from.email) }, version: conversation.version + 1 },
      conversation.version,
    );
  }
  deps.logger.info('check-back sent', { escalationId: escalation.id });
  return 'check-back';
}

/** The customer answered the check-back: satisfied or not, kept on the escalation. */
export async function scoreAnswer(
  deps: { escalations: EscalationStore; logger: Logger },
  escalation: Escalation,
  classification: Pick<Classification, 'category' | 'reasons' | 'strippedText'>,
  at: string,
): Promise<boolean> {
  const cb = escalation.checkBack;
  if (!cb) return false;
  const score = scoreCheckBack(classification);
  const saved = await deps.escalations.save(escalation, {
    checkBack: { ...cb, answer: { at, satisfied: score.satisfied, text: classification.strippedText.slice(0, 2000), reasons: score.reasons } },
  });
  deps.logger.info('check-back answered', { escalationId: escalation.id, satisfied: score.satisfied });
  return Boolean(saved);
}
