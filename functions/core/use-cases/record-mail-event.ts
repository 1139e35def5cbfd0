/**
 * Acts on what SES reports about a sent message.
 *
 * - A permanent bounce or a complaint puts the address on the suppression list of every store
 *   (a transient bounce is SES's to retry).
 * - A Send event is the evidence that a note went out: it settles a note whose send outcome was
 *   not known (or whose sender died mid-send), however late it comes; from then on the note
 *   cannot be sent again. It does the same for an escalation's notice (notice-tags.ts): the
 *   notice is recorded as sent, so the queue offering it again sends no second one.
 */
import { mailEventType, type MailEvent } from '../domain/mail-event.ts';
import { noticeOfTags } from '../domain/notice-tags.ts';
import type { Clock, EscalationStore, Logger, NoteStore, SuppressionStore } from '../ports.ts';

export interface MailEventDeps {
  suppressions: SuppressionStore;
  notes: NoteStore;
  escalations: Pick<EscalationStore, 'noticeSent'>;
  /** The Message-ID header SES gave the message with this id. */
  messageIdFor(sesMessageId: string): string;
  clock: Clock;
  logger: Logger;
}

export type MailEventOutcome = 'suppressed' | 'settled' | 'ignored';

export async function recordMailEvent(deps: MailEventDeps, event: MailEvent): Promise<MailEventOutcome> {
  const type = mailEventType(event);
  const at = deps.clock.now().toISOString();
  if (type === 'bounce' && event.bounce?.bounceType === 'Permanent') {
    await Promise.all(event.bounce.bouncedRecipients.map((r) => deps.suppressions.add(r.emailAddress, null, 'bounced', at)));
    deps.logger.info('address suppressed after a permanent bounce', { sesMessageId: event.mail.messageId });
    return 'suppressed';
  }
  if (type === 'complaint' && event.complaint) {
    await Promise.all(event.complaint.complainedRecipients.map((r) => deps.suppressions.add(r.emailAddress, null, 'complained', at)));
    deps.logger.warn('address suppressed after a complaint', { sesMessageId: event.mail.messageId });
    return 'suppressed';
  }
  if (type === 'send') {
    const notice = noticeOfTags(event.mail.tags);
    if (notice) {
      const settled = await deps.escalations.noticeSent({ id: notice.escalationId }, notice.key);
      if (settled) deps.logger.info('notice settled from its Send event', { escalationId: notice.escalationId });
      return settled ? 'settled' : 'ignored';
    }
    const noteId = event.mail.tags?.noteId?.[0];
    const customerKey = event.mail.tags?.customerKey?.[0];
    // Only a note's own send carries its stage; other mail of the conversation settles nothing.
    if (!noteId || !customerKey || !event.mail.tags?.stage?.[0]) return 'ignored';
    const settled = await deps.notes.settleFromSendEvent(
      { customerKey, noteId },
      event.mail.messageId,
      deps.messageIdFor(event.mail.messageId),
      event.mail.timestamp ?? at,
    );
    if (settled) deps.logger.info('note settled from its Send event', { noteId, customerKey });
    return settled ? 'settled' : 'ignored';
  }
  return 'ignored';
}
