/**
 * Builds the raw MIME of a note: plain text first, an optional minimal HTML alternative, and
 * our headers exactly once each (SES rejects a second List-Unsubscribe).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../core/ports.ts';

export async function composeMime(mail: OutgoingMail, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    replyTo: { name: mail.replyTo.name, address: mail.replyTo.address },
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== null && { html: mail.html }),
    headers: mail.headers,
    date,
    // A note from a person carries no mailer banner.
    xMailer: false,
    textEncoding: 'quoted-printable',
  });
  return composer.compile().build();
}
