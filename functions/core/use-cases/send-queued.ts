/**
 * Does what one message of the send queue asks (domain/queue-message.ts):
 *
 * - `note`: sends the due note, exactly once (send-note.ts);
 * - `escalation`: an escalation's time came: passes it on, reminds, or sends a resolved
 *   problem's check-back; the notice of a pass-on goes out here and now (escalate.ts);
 * - `notice`, `conversation-notice`: emails the person who owns it now (escalate.ts);
 * - `conversation`: the quiet time after a reply is over, the customer's notes go on;
 * - `digest`: a store's daily digest; `outbound`: an answer kept before it is sent;
 *   `refusal`: a short explanation to whoever sent a mail we would not pass on.
 *
 * Throws what the queue should offer again (throttling, a note another sender holds).
 */
import type { NoticeReason } from '../domain/escalation-notice.ts';
import type { QueueMessage } from '../domain/queue-message.ts';
import { deliverQueued, type DeliverDeps } from './answer-customer.ts';
import { sendCheckBack, type CheckBackDeps } from './check-back.ts';
import { passOnOverdue, sendConversationNotice, sendNotice, type EscalateDeps, type NoticeDeps } from './escalate.ts';
import { quietTimeOver, type ResumeDeps } from './resume-notes.ts';
import { sendDigest, type DigestDeps } from './send-digest.ts';
import { sendNote, type SendDeps } from './send-note.ts';
import { sendRefusal, type RefusalDeps } from './send-refusal.ts';

export type SendQueuedDeps = SendDeps &
  NoticeDeps &
  Omit<EscalateDeps, 'notices'> &
  DeliverDeps &
  CheckBackDeps &
  ResumeDeps &
  DigestDeps &
  RefusalDeps;

export async function sendQueued(deps: SendQueuedDeps, message: QueueMessage): Promise<unknown> {
  switch (message.kind) {
    case 'note':
      return sendNote(deps, message);
    case 'escalation': {
      const escalating = {
        ...deps,
        notices: {
          announce: (escalationId: string, reason: NoticeReason, options: { by?: string; key?: string } = {}) =>
            sendNotice(deps, { escalationId, reason, ...options }),
        },
        checkBack: (escalation: Parameters<typeof sendCheckBack>[1], token: string) => sendCheckBack(deps, escalation, token),
      };
      return passOnOverdue(escalating, message);
    }
    case 'notice':
      return sendNotice(deps, message);
    case 'conversation-notice':
      return sendConversationNotice(deps, message);
    case 'conversation':
      return quietTimeOver(deps, message);
    case 'digest':
      return sendDigest(deps, message);
    case 'outbound':
      return deliverQueued(deps, message);
    case 'refusal':
      return sendRefusal(deps, message.refusal);
  }
}
