/**
 * Reads the send queue. Each record is one piece of work (a due note, an escalation whose time
 * came, a notice, a digest, an answer to relay, a refusal to explain); a record that fails is
 * reported alone (partial batch response) so the others are not done again.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { mapConcurrent } from '../core/concurrency.ts';
import type { NoticeReason } from '../core/domain/escalation-notice.ts';
import { deliverQueued } from '../core/use-cases/answer-customer.ts';
import { sendCheckBack } from '../core/use-cases/check-back.ts';
import { passOnOverdue, sendConversationNotice, sendNotice, type EscalateDeps, type NoticeDeps } from '../core/use-cases/escalate.ts';
import { quietTimeOver } from '../core/use-cases/resume-notes.ts';
import { sendDigest } from '../core/use-cases/send-digest.ts';
import { sendRefusal } from '../core/use-cases/send-refusal.ts';
import { SEND_MAX_RECEIVES } from '../core/domain/send-timing.ts';
import { NoteBusyError, sendNote, type NoteMessage, type SendDeps } from '../core/use-cases/send-note.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaMail } from '../shared/lambda/mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, type BaseParts, type SecretParts } from '../shared/parts.ts';

export type SenderDeps = Omit<SendDeps, 'signer'> &
  Pick<SecretParts, 'signer'> &
  Omit<EscalateDeps, 'notices'> &
  Omit<NoticeDeps, 'signer'> &
  Pick<BaseParts, 'config'>;

const id = z.string().min(1);
const Message = z.union([
  z.object({ kind: z.literal('note').optional(), customerKey: id, noteId: id, token: id }),
  z.object({ kind: z.literal('escalation'), escalationId: id, token: id }),
  z.object({
    kind: z.literal('notice'),
    escalationId: id,
    reason: z.enum(['new', 'new-message', 'passed-on', 'reminder', 'reassigned', 'someone-else']),
    by: z.string().optional(),
    key: z.string().optional(),
  }),
  z.object({ kind: z.literal('conversation-notice'), storeId: id, conversationId: id, mailId: id }),
  z.object({ kind: z.literal('conversation'), storeId: id, conversationId: id, token: id }),
  z.object({ kind: z.literal('digest'), storeId: id, token: id }),
  z.object({ kind: z.literal('outbound'), conversationId: id, key: id }),
  z.object({
    kind: z.literal('refusal'),
    refusal: z.object({
      to: z.email(),
      subject: z.string(),
      reason: z.enum(['not-staff', 'unverified', 'empty', 'quoted-notice', 'digest', 'gone']),
      storeId: z.string().nullable(),
      inReplyTo: z.string().nullable(),
      replyTo: z.string().nullable(),
    }),
  }),
]);

/** Records of one batch sent side by side; the event source mapping bounds the functions. */
const PARALLEL = 5;

export const makeHandler = (deps: () => SenderDeps) =>
  middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const d = deps();
    const use = { ...d, signer: await d.signer() };
    // Passing an escalation on happens here, so its notice is sent right away too.
    const escalating = {
      ...use,
      notices: { announce: (escalationId: string, reason: NoticeReason, options = {}) => sendNotice(use, { escalationId, reason, ...options }) },
      checkBack: (escalation: Parameters<typeof sendCheckBack>[1], token: string) => sendCheckBack(use, escalation, token),
    };
    const failed: string[] = [];
    const process = async (record: SQSRecord) => {
      try {
        const message = Message.parse(JSON.parse(record.body));
        switch (message.kind) {
          case 'escalation':
            await passOnOverdue(escalating, message);
            break;
          case 'notice':
            await sendNotice(use, message);
            break;
          case 'conversation-notice':
            await sendConversationNotice(use, message);
            break;
          case 'conversation':
            await quietTimeOver(use, message);
            break;
          case 'digest':
            await sendDigest(use, message);
            break;
          case 'outbound':
            await deliverQueued(use, message);
            break;
          case 'refusal':
            await sendRefusal(use, message.refusal);
            break;
          default:
            await sendNote(use, message as NoteMessage);
        }
      } catch (error) {
        const detail = { messageId: record.messageId, error: { name: (error as Error).name, message: (error as Error).message } };
        // The queue's redrive policy moves it to the dead-letter queue after this receive.
        if (Number(record.attributes?.ApproximateReceiveCount) >= SEND_MAX_RECEIVES) {
          d.logger.error('queue record failed for the last time; it goes to the dead-letter queue', detail);
        } else {
          d.logger[error instanceof NoteBusyError ? 'info' : 'error']('queue record not done; it will be offered again', detail);
        }
        failed.push(record.messageId);
      }
    };
    await mapConcurrent(event.Records, PARALLEL, process);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base), ...lambdaMail(base) };
  }),
);
