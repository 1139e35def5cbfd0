/**
 * SES's word on what happened to a message: bounces and complaints (identity notifications,
 * `notificationType`) and configuration-set events (`eventType`, the only ones with tags and
 * Send events). One schema reads both; unknown fields are kept and ignored.
 */
import * as z from '../zod.ts';

const Recipient = z.looseObject({ emailAddress: z.string() });

export const MailEvent = z.looseObject({
  notificationType: z.optional(z.string()),
  eventType: z.optional(z.string()),
  mail: z.looseObject({
    messageId: z.string(),
    timestamp: z.optional(z.string()),
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  bounce: z.optional(z.looseObject({ bounceType: z.string(), bouncedRecipients: z.array(Recipient), timestamp: z.optional(z.string()) })),
  complaint: z.optional(z.looseObject({ complainedRecipients: z.array(Recipient), timestamp: z.optional(z.string()) })),
});
export type MailEvent = z.infer<typeof MailEvent>;

export function mailEventType(event: MailEvent): string {
  return (event.notificationType ?? event.eventType ?? '').toLowerCase();
}
