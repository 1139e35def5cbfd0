/**
 * An answer or check-back to a customer, kept before it is sent so it goes once: its stored shape,
 * and the type the use cases work with (one schema, the type inferred from it).
 */
import * as z from '../zod.ts';
import type { OutboundStatus } from './escalation.ts';

export const PendingOutbound = z.object({
  /** The store it is sent for: its conversation retention dates the item. Items kept before answers carried their store have none: it only dates a new item. */
  storeId: z.fallback(z.string(), ''),
  customerKey: z.string(),
  noteId: z.string(),
  /** Once-only key: the mail id of a staff member's answer, a hash of a console answer … */
  key: z.string(),
  kind: z.enum(['answer', 'check-back']),
  status: z.enum(['queued', 'sending', 'sent', 'failed', 'unknown'] as const satisfies readonly OutboundStatus[]),
  createdAt: z.string(),
  /** The person of the store it is from (their configured name and address). */
  by: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  to: z.object({ name: z.nullable(z.string()), address: z.string() }),
  subject: z.string(),
  /** The text as the customer gets it (signed once). */
  text: z.string(),
  inReplyTo: z.nullable(z.string()),
  references: z.array(z.string()),
  escalationId: z.nullable(z.string()),
  sentAt: z.optional(z.string()),
  sesMessageId: z.optional(z.string()),
  messageId: z.optional(z.string()),
  reason: z.optional(z.string()),
});
export type PendingOutbound = z.infer<typeof PendingOutbound>;
