/**
 * SES's word on what happened to a message: bounces and complaints (identity notifications,
 * `notificationType`) and configuration-set events (`eventType`, the only ones with tags and
 * Send events). One schema reads both; unknown fields are kept and ignored.
 */
import * as z from 'zod';

const Recipient = z.looseObject({ emailAddress: z.string() });

export const MailEvent = z.looseObject({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail: z.looseObject({
    messageId: z.string(),
    timestamp: z.string().optional(),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z
    .looseObject({ bounceType: z.string(), bouncedRecipients: z.array(Recipient), timestamp: z.string().optional() })
    .optional(),
  complaint: z.looseObject({ complainedRecipients: z.array(Recipient), timestamp: z.string().optional() }).optional(),
});
export type MailEvent = z.infer<typeof MailEvent>;

export function mailEventType(event: MailEvent): string {
  return (event.notificationType ?? event.eventType ?? '').toLowerCase();
}
