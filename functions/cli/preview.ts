/**
 * `followup preview`: the email as a customer would receive it, headers and body, so an owner
 * can read a note before any customer does.
 *
 * The headers mirror what the sender puts on a note. The reply and unsubscribe tokens are signed
 * per note at send time; a preview shows clearly named placeholders in their place.
 */
import type { NoteContext, RenderedNote } from '../core/domain/note.ts';
import { withOptOutLine } from '../core/domain/opt-out-line.ts';
import type { DeploymentConfig } from '../core/domain/store.ts';

export const REPLY_TOKEN_PLACEHOLDER = 'REPLY-TOKEN-SIGNED-AT-SEND-TIME';
export const UNSUBSCRIBE_TOKEN_PLACEHOLDER = 'UNSUBSCRIBE-TOKEN-SIGNED-AT-SEND-TIME';

export interface PreviewInput {
  config: Pick<DeploymentConfig, 'inboundDomain' | 'publicBaseUrl'>;
  context: NoteContext;
  rendered: RenderedNote;
  /** The customer's address. */
  to: string;
}

/** The headers of the note, in the order a mail client shows them. */
export function previewHeaders(input: PreviewInput): Array<[string, string]> {
  const { context, rendered, config } = input;
  const display = `${context.signer.name} at ${context.storeName}`;
  return [
    ['From', mailbox(display, context.signer.email)],
    ['To', mailbox(context.customer.firstName, input.to)],
    ['Reply-To', mailbox(display, `reply+${REPLY_TOKEN_PLACEHOLDER}@${config.inboundDomain}`)],
    ['Subject', rendered.subject],
    ['List-Unsubscribe', `<${unsubscribeUrl(config)}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
  ];
}

/** Headers, a blank line, the text part as sent (with its opt-out line), and the HTML part if asked. */
export function formatPreview(input: PreviewInput, options: { html?: boolean } = {}): string {
  const headers = previewHeaders(input).map(([name, value]) => `${name}: ${value}`);
  const text = withOptOutLine(input.rendered.text, input.rendered.language, unsubscribeUrl(input.config));
  const parts = [headers.join('\n'), '', text.trimEnd()];
  if (options.html) {
    parts.push('', '--- HTML part ---', input.rendered.html ?? '(none: text only)');
  }
  return `${parts.join('\n')}\n`;
}

function unsubscribeUrl(config: PreviewInput['config']): string {
  return `${config.publicBaseUrl.replace(/\/$/, '')}/unsubscribe?t=${UNSUBSCRIBE_TOKEN_PLACEHOLDER}`;
}

function mailbox(name: string | null, address: string): string {
  if (!name) return address;
  return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}
