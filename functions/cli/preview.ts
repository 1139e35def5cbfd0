/**
 * `followup preview`: the email as a customer would receive it, headers and body, so an owner
 * can read a note before any customer does. It is built by the same function the sender uses;
 * only the reply and unsubscribe tokens, signed per note at send time, are placeholders.
 */
import type { NoteContext, RenderedNote } from '../core/domain/note.ts';
import { outgoingNote } from '../core/domain/outgoing-note.ts';
import type { DeploymentConfig } from '../core/domain/store.ts';
import type { OutgoingMail } from '../core/ports.ts';

export const REPLY_TOKEN_PLACEHOLDER = 'REPLY-TOKEN-SIGNED-AT-SEND-TIME';
export const UNSUBSCRIBE_TOKEN_PLACEHOLDER = 'UNSUBSCRIBE-TOKEN-SIGNED-AT-SEND-TIME';

export interface PreviewInput {
  config: Pick<DeploymentConfig, 'inboundDomain' | 'publicBaseUrl'>;
  context: NoteContext;
  rendered: RenderedNote;
  /** The customer's address. */
  to: string;
  htmlFor: (text: string) => string;
}

export function previewMail(input: PreviewInput): OutgoingMail {
  return outgoingNote({
    context: input.context,
    rendered: input.rendered,
    to: input.to,
    replyAddress: `reply+${REPLY_TOKEN_PLACEHOLDER}@${input.config.inboundDomain}`,
    unsubscribeUrl: `${input.config.publicBaseUrl.replace(/\/$/, '')}/unsubscribe?t=${UNSUBSCRIBE_TOKEN_PLACEHOLDER}`,
    htmlFor: input.htmlFor,
    tags: {},
  });
}

/** Headers in the order a mail client shows them, a blank line, the text part, and the HTML part if asked. */
export function formatPreview(input: PreviewInput, options: { html?: boolean } = {}): string {
  const mail = previewMail(input);
  const headers: Array<[string, string]> = [
    ['From', mailbox(mail.from.name, mail.from.address)],
    ['To', mailbox(mail.to.name, mail.to.address)],
    ['Reply-To', mailbox(mail.replyTo.name, mail.replyTo.address)],
    ['Subject', mail.subject],
    ...Object.entries(mail.headers),
  ];
  const parts = [headers.map(([name, value]) => `${name}: ${value}`).join('\n'), '', mail.text.trimEnd()];
  if (options.html) parts.push('', '--- HTML part ---', mail.html ?? '(none: text only)');
  return `${parts.join('\n')}\n`;
}

function mailbox(name: string | null, address: string): string {
  if (!name) return address;
  return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}
