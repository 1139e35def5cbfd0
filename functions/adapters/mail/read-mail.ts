/**
 * Reads a raw RFC 5322 message into an {@link InboundMail}: MIME within limits (parse-mime.ts),
 * the customer's own words without quotes, forwards and signatures (customer-words.ts), from the
 * text part or the HTML part (html-text.ts). Any input gives a mail, never an exception; what
 * could not be read is said on the mail (`unreadable`, `truncated`).
 */
import type { Email } from 'postal-mime';
import type { InboundMail } from '../../core/domain/inbound.ts';
import { customerWords } from './customer-words.ts';
import { readHtml } from './html-text.ts';
import { LIMITS } from './limits.ts';
import { parseMime } from './parse-mime.ts';

function ids(value: string | undefined): string[] {
  return value?.slice(0, 64 * 1024).match(/<[^<>\s]+>/g) ?? [];
}

const addresses = (list: Email['to']) => (list ?? []).flatMap((a) => ('address' in a && a.address ? [a.address] : []));

export async function readMail(raw: Buffer): Promise<InboundMail> {
  const { mail, unreadable } = await parseMime(raw);
  const headers: Record<string, string[]> = {};
  for (const h of mail.headers ?? []) (headers[h.key.toLowerCase()] ??= []).push(h.value);
  const html = mail.html ? readHtml(mail.html) : null;
  const text = mail.text?.trim() ? mail.text : (html?.whole ?? '');
  const { words, truncated } = customerWords(mail.text, html);
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
    text: text.slice(0, LIMITS.wholeText),
    strippedText: words,
    ...(truncated && { truncated }),
    ...(unreadable && { unreadable }),
  };
}
