/**
 * The email a rendered note becomes: who it is from (a named person of the store), where
 * replies go (the conversation's signed address), the one-click unsubscribe headers, the opt-out
 * line, and the tags SES reports back with. The sender and the owner's preview both build it
 * here, so a preview shows exactly what a customer gets.
 */
import type { NoteContext, RenderedNote } from './note.ts';
import { senderDisplayName, withOptOutLine } from './opt-out-line.ts';
import type { OutgoingMail } from '../ports.ts';

export function outgoingNote(input: {
  context: NoteContext;
  rendered: RenderedNote;
  to: string;
  replyAddress: string;
  unsubscribeUrl: string;
  /** The HTML part for the final text; null sends text only. */
  htmlFor: ((text: string) => string) | null;
  tags: Record<string, string>;
}): OutgoingMail {
  const { context, rendered } = input;
  const display = senderDisplayName(context.signer.name, context.storeName, rendered.language);
  const text = withOptOutLine(rendered.text, rendered.language, input.unsubscribeUrl);
  return {
    from: { name: display, address: context.signer.email },
    to: { name: context.customer.firstName, address: input.to },
    replyTo: { name: display, address: input.replyAddress },
    subject: rendered.subject,
    text,
    html: rendered.html !== null && input.htmlFor ? input.htmlFor(text) : null,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: input.tags,
  };
}
