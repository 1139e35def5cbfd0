/**
 * Letting a customer's notes go on once nobody needs to hold them any more.
 *
 * 1. Nothing resumes while an escalation of theirs is open: a person is still in the
 *    conversation.
 * 2. Held notes (and notes planned before the reply that would hold them) are scheduled again,
 *    inside the customer's send window, as planned after the reply; the send-time checks then
 *    judge them as usual (caps, unsubscribes, refunds). After a resolved problem, the note's
 *    wording acknowledges it.
 * 3. A quiet time after praise or an ordinary reply ends the same way (the conversation's
 *    `resumeAt`, from the due index).
 */
import { parseConversationId } from '../domain/conversation.ts';
import { notesToResume } from '../domain/resume.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Clock, ConversationStore, CustomerStore, Logger, NoteStore } from '../ports.ts';

export interface ResumeDeps {
  customers: CustomerStore;
  notes: NoteStore;
  clock: Clock;
  logger: Logger;
}

export async function resumeNotes(deps: ResumeDeps, store: StoreConfig, customerKey: string, why: string): Promise<number> {
  const now = deps.clock.now();
  const { profile, notes } = await deps.customers.load(customerKey);
  if (!profile || profile.openEscalations > 0) return 0;
  // Planned after the last reply, so that reply no longer holds the note.
  const after = profile.lastReplyAt ? Math.max(now.getTime(), Date.parse(profile.lastReplyAt) + 1) : now.getTime();
  const plannedAt = new Date(after).toISOString();
  let resumed = 0;
  for (const { note, dueAt } of notesToResume(notes, store, profile.lastReplyAt, now)) {
    if (await deps.notes.resume(note, { dueAt, plannedAt })) resumed += 1;
  }
  if (resumed) deps.logger.info('notes go on', { customerKey, resumed, why });
  return resumed;
}

/** The quiet time after a reply that needed nothing is over (the conversation came due). */
export async function quietTimeOver(
  deps: ResumeDeps & { conversations: ConversationStore; store(id: string): StoreConfig | undefined },
  message: { storeId: string; conversationId: string },
): Promise<number> {
  const store = deps.store(message.storeId);
  const key = parseConversationId(message.conversationId);
  const conversation = store && key ? await deps.conversations.get(message.storeId, message.conversationId) : null;
  if (!store || !key || !conversation) return 0;
  const resumed = await resumeNotes(deps, store, key.customerKey, 'quiet time over');
  if (conversation.resumeAt) {
    const { resumeAt: _done, ...rest } = conversation;
    await deps.conversations.save({ ...rest, version: conversation.version + 1 }, conversation.version);
  }
  return resumed;
}
