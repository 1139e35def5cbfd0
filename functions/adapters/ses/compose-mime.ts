/**
 * The raw MIME of a note (RFC 5322, 2045-2047): a plain-text part first, an optional minimal
 * HTML alternative, UTF-8 quoted-printable bodies, encoded words for non-ASCII names and
 * subjects, and each of our headers exactly once (SES rejects a second List-Unsubscribe).
 *
 * Small on purpose: a note is two text parts and a handful of headers, and the sender's bundle
 * loads faster without a general-purpose mail library.
 */
import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { OutgoingMail } from '../../core/ports.ts';

const CRLF = '\r\n';
const MAX_LINE = 76;

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, lines ending in CRLF, at most 76 characters. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r?\n/g, '\n')
    .split('\n')
    .map(encodeLine)
    .join(CRLF);
}

function encodeLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const tokens: string[] = [];
  bytes.forEach((byte, i) => {
    const last = i === bytes.length - 1;
    const plain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    tokens.push(plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  });
  // Soft line breaks: never inside an =XX escape, always leaving room for the "=".
  const out: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current.length + token.length > MAX_LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join(CRLF);
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** RFC 2047 encoded words (base64), split on character boundaries, each at most 75 characters. */
export function encodedWords(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 make 60 base64 characters: with "=?UTF-8?B?" and "?=", 72 in all.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/** `Display Name <local@domain>` with the name quoted or encoded as needed and the domain in ASCII. */
export function mailbox(name: string | null, address: string): string {
  const at = address.lastIndexOf('@');
  const ascii = `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
  if (!name) return ascii;
  const display = isAscii(name)
    ? /^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(name)
      ? name
      : `"${name.replace(/(["\\])/g, '\\$1')}"`
    : encodedWords(name);
  return `${display} <${ascii}>`;
}

/** Folds a header onto several lines at spaces, so no line passes 78 characters where it can be helped. */
function header(name: string, value: string): string {
  // A line break in a value would start a header of its own.
  const words = `${name}: ${value.replace(/[\r\n]+/g, ' ')}`.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > 78) {
      lines.push(line);
      line = ` ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(CRLF);
}

function rfc5322Date(date: Date): string {
  // "Mon, 23 Nov 2026 15:00:00 +0000": the UTC form Date#toUTCString gives, with a numeric zone.
  return date.toUTCString().replace('GMT', '+0000');
}

function textPart(type: 'plain' | 'html', body: string): string {
  return [
    `Content-Type: text/${type}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(body),
  ].join(CRLF);
}

export async function composeMime(mail: OutgoingMail, date: Date): Promise<Buffer> {
  const domain = mail.from.address.slice(mail.from.address.lastIndexOf('@') + 1);
  const lines = [
    header('From', mailbox(mail.from.name, mail.from.address)),
    header('To', mailbox(mail.to.name, mail.to.address)),
    header('Reply-To', mailbox(mail.replyTo.name, mail.replyTo.address)),
    header('Subject', encodedWords(mail.subject)),
    `Date: ${rfc5322Date(date)}`,
    // SES replaces it with its own; the local runtime's endpoint does the same.
    `Message-ID: <${randomBytes(16).toString('hex')}@${domainToASCII(domain) || domain}>`,
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers).map(([name, value]) => header(name, value)),
  ];
  if (mail.html === null) {
    lines.push(textPart('plain', mail.text.replace(/\r?\n$/, '')));
  } else {
    const boundary = `=_followup_${randomBytes(12).toString('hex')}`;
    lines.push(
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      textPart('plain', mail.text),
      `--${boundary}`,
      textPart('html', mail.html),
      `--${boundary}--`,
    );
  }
  return Buffer.from(`${lines.join(CRLF)}${CRLF}`, 'utf8');
}
