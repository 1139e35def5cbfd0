import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { composeMime, encodedWords, mailbox, quotedPrintable } from '../../../functions/adapters/ses/compose-mime.ts';
import type { OutgoingMail } from '../../../functions/core/ports.ts';

const mail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  from: { name: 'Sarah von Northwind Home', address: 'sarah@northwind.example' },
  to: { name: 'Léa Martin', address: 'lea@example.com' },
  replyTo: { name: 'Sarah von Northwind Home', address: 'reply+abc@in.northwind.example' },
  subject: 'Deine Leinen-Bettwäsche – alles gut?',
  text: 'Hallo Léa,\n\nist alles gut angekommen? Ein = Zeichen, Emoji 🙂 und eine sehr lange Zeile, die weit über sechsundsiebzig Zeichen hinausgeht, damit sie umbrochen wird.\n\nSarah\n',
  html: '<p>Hallo Léa,</p>\n<p>ist alles gut angekommen?</p>',
  headers: {
    'List-Unsubscribe': '<https://followup.northwind.example/unsubscribe?t=abcdefghijklmnopqrst.abcdefghijklmnop>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  tags: {},
  ...overrides,
});

describe('the MIME of a note', () => {
  it('reads back exactly as written, in any language', async () => {
    const raw = await composeMime(mail(), new Date('2026-11-24T09:41:00Z'));
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe('Deine Leinen-Bettwäsche – alles gut?');
    expect(parsed.from).toMatchObject({ name: 'Sarah von Northwind Home', address: 'sarah@northwind.example' });
    expect(parsed.to?.[0]).toMatchObject({ name: 'Léa Martin', address: 'lea@example.com' });
    expect(parsed.replyTo?.[0]).toMatchObject({ address: 'reply+abc@in.northwind.example' });
    // (postal-mime keeps the line break that RFC 2046 gives to the boundary; trailing space aside, exact.)
    expect(parsed.text?.trimEnd()).toBe(mail().text.trimEnd());
    expect(parsed.html).toContain('<p>Hallo Léa,</p>');
    const headers = Object.fromEntries(parsed.headers.map((h) => [h.key, h.value]));
    expect(headers['list-unsubscribe']).toBe(mail().headers['List-Unsubscribe']);
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(headers.date).toBe('Tue, 24 Nov 2026 09:41:00 +0000');
    expect(headers['mime-version']).toBe('1.0');
  });

  it('keeps every line within the limits and uses CRLF throughout', async () => {
    const raw = (await composeMime(mail(), new Date())).toString('utf8');
    const lines = raw.split('\r\n');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(998);
    const bodyLines = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n').split('\r\n');
    expect(Math.max(...bodyLines.filter((l) => !l.startsWith('--')).map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
  });

  it('sends text only when there is no HTML part, and has each header once', async () => {
    const raw = (await composeMime(mail({ html: null }), new Date())).toString('utf8');
    expect(raw).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    expect(raw).not.toContain('multipart');
    expect(raw.match(/^List-Unsubscribe:/gim)).toHaveLength(1);
  });

  it('cannot be given a header of its own through a line break', async () => {
    const raw = (await composeMime(mail({ subject: 'Hi\r\nBcc: everyone@example.com' }), new Date())).toString('utf8');
    expect(raw).not.toMatch(/^Bcc:/m);
  });
});

describe('the pieces', () => {
  it('quoted-printable escapes =, trailing spaces and non-ASCII, and breaks long lines softly', () => {
    expect(quotedPrintable('a=b')).toBe('a=3Db');
    expect(quotedPrintable('ends with space ')).toBe('ends with space=20');
    expect(quotedPrintable('é')).toBe('=C3=A9');
    const long = quotedPrintable('x'.repeat(200));
    expect(long.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    expect(long.replace(/=\r\n/g, '')).toBe('x'.repeat(200));
  });

  it('encodes non-ASCII names and subjects, and quotes names with specials', () => {
    expect(encodedWords('Quick check-in')).toBe('Quick check-in');
    expect(encodedWords('Merci 🙂')).toBe(`=?UTF-8?B?${Buffer.from('Merci 🙂').toString('base64')}?=`);
    expect(mailbox('Tom, the owner', 'tom@northwind.example')).toBe('"Tom, the owner" <tom@northwind.example>');
    expect(mailbox(null, 'ada@exämple.com')).toBe('ada@xn--exmple-cua.com');
    expect(encodedWords('é'.repeat(60)).split(' ').every((w) => w.length <= 75)).toBe(true);
  });
});
