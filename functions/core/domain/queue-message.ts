/**
 * The send queue's one message contract, checked where messages are written (the SQS adapter)
 * and where they are read (send-mail): work for the sender, by kind.
 *
 * - `note`: a due note, with the sweeper's token (only its holder may claim the note);
 * - `escalation`: an escalation whose time came (deadline, check-back), with the sweeper's token;
 * - `notice`: an email to the person who owns an escalation now;
 * - `conversation-notice`: a reply that needs no escalation, shown to the conversation's owner;
 * - `conversation`: the quiet time after such a reply is over (the sweeper's token);
 * - `digest`: a store's daily digest is due (the sweeper's token);
 * - `outbound`: an answer or check-back to a customer, kept before it is sent;
 * - `refusal`: a short explanation to whoever sent a mail we would not pass on.
 *
 * A new kind needs a schema here and a case in use-cases/send-queued.ts.
 */
import * as z from '../zod.ts';
import type { NoticeReason, RefusalReason } from './words/staff-words.ts';

const id = z.string().check(z.minLength(1));
/** The due time the sweeper found (the local runtime runs the work at that virtual time). */
const at = z.optional(z.string());

// The lists live with the words (words/staff-words.ts), which the queue's bundles must not load;
// the checks below keep these copies complete.
const NOTICE_REASONS = ['new', 'new-message', 'passed-on', 'reminder', 'reassigned', 'someone-else'] as const satisfies readonly NoticeReason[];
const REFUSAL_REASONS = ['not-staff', 'unverified', 'empty', 'quoted-notice', 'digest', 'gone'] as const satisfies readonly RefusalReason[];
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const complete: [Complete<NoticeReason, (typeof NOTICE_REASONS)[number]>, Complete<RefusalReason, (typeof REFUSAL_REASONS)[number]>] = [true, true];
void complete;

export const QueueMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), customerKey: id, noteId: id, token: id, at }),
  z.object({ kind: z.literal('escalation'), escalationId: id, token: id, at }),
  z.object({ kind: z.literal('notice'), escalationId: id, reason: z.enum(NOTICE_REASONS), by: z.optional(z.string()), key: z.optional(z.string()) }),
  z.object({ kind: z.literal('conversation-notice'), storeId: id, conversationId: id, mailId: id }),
  z.object({ kind: z.literal('conversation'), storeId: id, conversationId: id, token: id, at }),
  z.object({ kind: z.literal('digest'), storeId: id, token: id, at }),
  z.object({ kind: z.literal('outbound'), conversationId: id, key: id }),
  z.object({
    kind: z.literal('refusal'),
    refusal: z.object({
      to: z.email(),
      subject: z.string(),
      reason: z.enum(REFUSAL_REASONS),
      storeId: z.nullable(z.string()),
      inReplyTo: z.nullable(z.string()),
      replyTo: z.nullable(z.string()),
    }),
  }),
]);
export type QueueMessage = z.infer<typeof QueueMessage>;
export type QueueMessageOf<K extends QueueMessage['kind']> = Extract<QueueMessage, { kind: K }>;
