/**
 * Reads the send queue. Each record is one due note; a record that fails is reported alone
 * (partial batch response) so the others are not sent again.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { mapConcurrent } from '../core/concurrency.ts';
import type { NoticeReason } from '../core/domain/escalation-notice.ts';
import { passOnOverdue, sendNotice, type EscalateDeps, type NoticeDeps } from '../core/use-cases/escalate.ts';
import { SEND_MAX_RECEIVES } from '../core/domain/send-timing.ts';
import { NoteBusyError, sendNote, type NoteMessage, type SendDeps } from '../core/use-cases/send-note.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaMail } from '../shared/lambda/mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, type SecretParts } from '../shared/parts.ts';

export type SenderDeps = Omit<SendDeps, 'signer'> & Pick<SecretParts, 'signer'> & Omit<EscalateDeps, 'notices'> & NoticeDeps;

const Message = z.union([
  z.object({ kind: z.literal('note').optional(), customerKey: z.string().min(1), noteId: z.string().min(1), token: z.string().min(1) }),
  z.object({ kind: z.literal('escalation'), escalationId: z.string().min(1), token: z.string().min(1) }),
  z.object({ kind: z.literal('notice'), escalationId: z.string().min(1), reason: z.enum(['new', 'new-message', 'passed-on', 'reminder']) }),
]);

/** Records of one batch sent side by side; the event source mapping bounds the functions. */
const PARALLEL = 5;

export const makeHandler = (deps: () => SenderDeps) =>
  middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const d = deps();
    const signer = await d.signer();
    // Passing an escalation on happens here, so its notice is sent right away too.
    const escalating = { ...d, notices: { announce: (escalationId: string, reason: NoticeReason) => sendNotice(d, { escalationId, reason }) } };
    const failed: string[] = [];
    const process = async (record: SQSRecord) => {
      try {
        const message = Message.parse(JSON.parse(record.body));
        if (message.kind === 'escalation') await passOnOverdue(escalating, message);
        else if (message.kind === 'notice') await sendNotice(d, message);
        else await sendNote({ ...d, signer }, message as NoteMessage);
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
