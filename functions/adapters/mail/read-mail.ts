/**
 * Reads a raw RFC 5322 message: postal-mime for the MIME, email-reply-parser for the quote and
 * signature stripping (quote headers in many languages, "Sent from my iPhone", "-- ").
 */
import EmailReplyParser from 'email-reply-parser';
import PostalMime from 'postal-mime';
import type { InboundMail } from '../../core/domain/inbound.ts';

/** HTML-only mail: cut at the first quote marker the big clients use, then turn into text. */
const HTML_QUOTE_MARKERS = [
  /<div[^>]+class="?gmail_quote/i,
  /<blockquote/i,
  /<div[^>]+id="?divRplyFwdMsg/i,
  /<div[^>]+name="?quote/i,
  /<div[^>]+class="?yahoo_quoted/i,
  /-{5,}\s*Original Message\s*-{5,}/i,
];

export function htmlToText(html: string): string {
  let cut = html;
  for (const marker of HTML_QUOTE_MARKERS) {
    const i = cut.search(marker);
    if (i >= 0) cut = cut.slice(0, i);
  }
  return cut
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#039;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A quote header line such as "On Mon, Apr 2, 2012 at 6:26 PM, Megan One <…> wrote:". */
const QUOTE_HEADER = /^(on\b.*wrote:|le\b.*a écrit\s*:|am\b.*schrieb.*:|el\b.*escribió:)\s*$/i;

/** The parser can leave a quote header it did not recognise ("Am Montag schrieb Sarah:") at the end. */
function withoutTrailingQuoteHeader(text: string): string {
  const lines = text.split('\n');
  while (lines.length && (lines.at(-1)!.trim() === '' || QUOTE_HEADER.test(lines.at(-1)!.trim()))) lines.pop();
  return lines.join('\n').trim();
}

export function stripReply(text: string): string {
  const normalised = text.replace(/\r\n/g, '\n');
  const visible = withoutTrailingQuoteHeader(new EmailReplyParser().read(normalised).getVisibleText());
  if (visible) return visible;
  // Written below the quote (bottom-posting): keep the lines that are not quoted.
  return normalised
    .split('\n')
    .filter((line) => !line.startsWith('>') && !QUOTE_HEADER.test(line.trim()))
    .join('\n')
    .trim();
}

/**
 * The customer's words: the text part stripped of quotes, unless the HTML part, cut at the
 * quote its client marked, is shorter (a quote header in a language the text rules miss).
 */
function customerWords(text: string | undefined, html: string | undefined): string {
  const candidates = [text?.trim() ? stripReply(text) : '', html ? stripReply(htmlToText(html)) : ''].filter(Boolean);
  return candidates.sort((a, b) => a.length - b.length)[0] ?? '';
}

function ids(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

const FLOWED = /;\s*format="?flowed"?/i;
const FLOWED_ALL = new RegExp(FLOWED.source, 'gi');

/**
 * RFC 3676 format=flowed: a line ending in a space continues on the next line, but only at the
 * same quote depth. (postal-mime joins across depths, gluing "> Hi" to a bottom-posted reply,
 * so the flowed parameter is taken off before parsing and the text is unwrapped here.)
 */
export function unflow(text: string, delSp: boolean): string {
  const out: string[] = [];
  let open: { depth: number; text: string } | null = null;
  for (const rawLine of text.replace(/\r\n/g, '\n').split('\n')) {
    const depth = /^>*/.exec(rawLine)![0].length;
    let line = rawLine.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1); // space-stuffing
    const flowed = line.endsWith(' ') && line !== '-- ';
    const content = flowed && delSp ? line.slice(0, -1) : line;
    if (open && open.depth === depth) open.text += content;
    else {
      if (open) out.push(`${'>'.repeat(open.depth)}${open.depth ? ' ' : ''}${open.text}`);
      open = { depth, text: content };
    }
    if (!flowed) {
      out.push(`${'>'.repeat(depth)}${depth ? ' ' : ''}${open.text}`);
      open = null;
    }
  }
  if (open) out.push(`${'>'.repeat(open.depth)}${open.depth ? ' ' : ''}${open.text}`);
  return out.join('\n');
}

export async function readMail(raw: Buffer): Promise<InboundMail> {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const flowed = FLOWED.test(head);
  const delSp = /delsp="?yes/i.test(head);
  const mail = await PostalMime.parse(flowed ? Buffer.from(raw.toString('latin1').replace(FLOWED_ALL, ''), 'latin1') : raw);
  if (flowed && mail.text) mail.text = unflow(mail.text, delSp);
  const headers: Record<string, string[]> = {};
  for (const h of mail.headers) (headers[h.key.toLowerCase()] ??= []).push(h.value);
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '';
  const addresses = (list: typeof mail.to) => (list ?? []).flatMap((a) => ('address' in a && a.address ? [a.address] : []));
  const from = mail.from && 'address' in mail.from && mail.from.address ? { name: mail.from.name || null, address: mail.from.address } : null;
  return {
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? '',
    date: mail.date ?? null,
    headers,
    text,
    strippedText: customerWords(mail.text, mail.html),
  };
}
