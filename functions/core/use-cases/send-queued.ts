/**
 * Does what one message of the send queue asks (domain/queue-message.ts):
 *
 * - `note`: sends the due note, exactly once (send-note.ts);
 * - `notice`: emails the escalation's owner as the escalation stands now (escalate.ts);
 * - `escalation`: passes an overdue escalation on, and emails its new owner at once.
 *
 * Throws what the queue should offer again (throttling, a note another sender holds).
 */
import type { QueueMessage } from '../domain/queue-message.ts';
import type { NoticeReason } from '../domain/escalation-notice.ts';
import { passOnOverdue, sendNotice, type EscalateDeps, type NoticeDeps } from './escalate.ts';
import { sendNote, type SendDeps } from './send-note.ts';

export type SendQueuedDeps = SendDeps & NoticeDeps & Omit<EscalateDeps, 'notices'>;

export async function sendQueued(deps: SendQueuedDeps, message: QueueMessage): Promise<string> {
  switch (message.kind) {
    case 'note':
      return sendNote(deps, message);
    case 'notice':
      await sendNotice(deps, message);
      return 'notice-sent';
    case 'escalation': {
      // The notice of a pass-on goes out here and now, not through the queue again.
      const notices = { announce: (escalationId: string, reason: NoticeReason) => sendNotice(deps, { escalationId, reason }) };
      return passOnOverdue({ ...deps, notices }, message);
    }
  }
}
