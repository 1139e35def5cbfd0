/**
 * The send queue's one message contract, checked where messages are written (the SQS adapter)
 * and where they are read (send-mail): work for the sender, by kind.
 *
 * - `note`: a due note, with the sweeper's token (only its holder may claim the note);
 * - `escalation`: an escalation whose acknowledgement clock ran out, with the sweeper's token;
 * - `notice`: an email to the person who owns an escalation now.
 *
 * A new kind needs a schema here and a case in use-cases/send-queued.ts.
 */
import * as z from 'zod';
import { NOTICE_REASONS } from './escalation-notice.ts';

const id = z.string().min(1);

/** The due time the sweeper found (the local runtime runs the work at that virtual time). */
const at = z.string().optional();

export const QueueMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), customerKey: id, noteId: id, token: id, at }),
  z.object({ kind: z.literal('escalation'), escalationId: id, token: id, at }),
  z.object({ kind: z.literal('notice'), escalationId: id, reason: z.enum(NOTICE_REASONS) }),
]);
export type QueueMessage = z.infer<typeof QueueMessage>;
export type QueueMessageOf<K extends QueueMessage['kind']> = Extract<QueueMessage, { kind: K }>;
