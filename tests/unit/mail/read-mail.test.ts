import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unflow } from '../../../functions/adapters/mail/flowed.ts';
import { readMail } from '../../../functions/adapters/mail/read-mail.ts';

const PEERS = fileURLToPath(new URL('../../fixtures/peer-replies/talon-standard-replies/', import.meta.url));

function peerFixtures(): string[] {
  return readdirSync(PEERS).filter((f) => f.endsWith('.eml'));
}

/** Talon keeps signatures in its expected text; we keep only what the customer wrote. */
function withoutSignature(expected: string): string {
  const lines = expected.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex((l) => /^(-- ?|Sent from my .*|Sent with .*)$/.test(l.trim()));
  return (cut >= 0 ? lines.slice(0, cut) : lines).join('\n').trim();
}

describe('reading real replies from other projects’ test suites', () => {
  it.each(peerFixtures())('%s: keeps the customer’s words and drops the quote', async (file) => {
    const mail = await readMail(readFileSync(`${PEERS}${file}`));
    expect(mail.strippedText).toBe('Hello');
    expect(mail.strippedText).not.toMatch(/wrote|écrit|>|Original Message/i);
  });

  it.each(['iphone', 'sparrow'])('%s: matches the expected stripped text, signature aside', async (name) => {
    const mail = await readMail(readFileSync(`${PEERS}${name}.eml`));
    const expected = readFileSync(`${PEERS}${name}_reply_text`, 'utf8');
    expect(mail.strippedText).toBe(withoutSignature(expected));
  });
});

describe('format=flowed', () => {
  it('joins soft-wrapped lines only at the same quote depth', () => {
    expect(unflow('On Monday, Megan wrote:\n> Hi \nHello', false)).toBe('On Monday, Megan wrote:\n> Hi \nHello');
    expect(unflow('This is a long \nline.\n> quoted \n> too', false)).toBe('This is a long line.\n> quoted too');
    expect(unflow('split\u0020\nword', true)).toBe('splitword');
  });
});

describe('mail with only an HTML part', () => {
  it('is read as text, cut at the quote the client marked', async () => {
    const raw = Buffer.from(
      [
        'From: Ada <ada@example.com>',
        'To: reply+abc@in.example.com',
        'Subject: Re: Your lamp',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<div>The lamp is <b>lovely</b>, thank you!</div><div class="gmail_quote">On Mon Sarah wrote:<blockquote>Is everything OK?</blockquote></div>',
      ].join('\r\n'),
    );
    const mail = await readMail(raw);
    expect(mail.strippedText).toBe('The lamp is lovely, thank you!');
    expect(mail.from).toEqual({ name: 'Ada', address: 'ada@example.com' });
  });
});

describe('quote headers in the customer’s language', () => {
  it.each([
    ['de', 'Die Lampe ist kaputt.\n\nAm Montag schrieb Sarah:\n> Ist alles in Ordnung?'],
    ['de', 'Die Lampe ist kaputt.\n\nAm 23.11.2026 um 10:02 schrieb Sarah von Northwind Home <reply+x@in.example.com>:\n> Ist alles in Ordnung?'],
    ['fr', 'Die Lampe ist kaputt.\n\nLe lun. 23 nov. 2026 à 10:02, Sarah <reply+x@in.example.com> a écrit :\n> Tout va bien ?'],
    ['es', 'Die Lampe ist kaputt.\n\nEl lun, 23 nov 2026 a las 10:02, Sarah (<reply+x@in.example.com>) escribió:\n> ¿Todo bien?'],
    ['en', 'Die Lampe ist kaputt.\n\nOn Mon, Nov 23, 2026 at 10:02 AM Sarah <reply+x@in.example.com> wrote:\n> Is everything OK?'],
  ])('%s: "%s" keeps only the reply', async (_lang, body) => {
    const raw = Buffer.from(`From: a@example.com\r\nTo: reply+x@in.example.com\r\nSubject: Re: x\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`);
    expect((await readMail(raw)).strippedText).toBe('Die Lampe ist kaputt.');
  });
});

describe('charsets that do not fit the bytes', () => {
  const message = (charset: string, body: Buffer) =>
    Buffer.concat([Buffer.from(`From: a@example.com\r\nTo: reply+x@in.example.com\r\nSubject: Re: x\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), body, Buffer.from('\r\n')]);

  it('reads UTF-8 labelled ISO-8859-1 or Big5 as UTF-8', async () => {
    expect((await readMail(message('iso-8859-1', Buffer.from('Die Lampe ist kaputt, schöne Grüße')))).strippedText).toBe('Die Lampe ist kaputt, schöne Grüße');
    expect((await readMail(message('big5', Buffer.from('您好！ 灯坏了。')))).strippedText).toBe('您好！ 灯坏了。');
  });

  it('reads Windows-1252 labelled UTF-8 as Windows-1252', async () => {
    const windows1252 = Buffer.concat([Buffer.from('Très déçue ', 'latin1'), Buffer.from([0x96]), Buffer.from(' la lampe est cassée', 'latin1')]);
    expect((await readMail(message('utf-8', windows1252))).strippedText).toBe('Très déçue – la lampe est cassée');
  });

  it('decodes UTF-7', async () => {
    expect((await readMail(message('unicode-1-1-utf-7', Buffer.from('Tr+AOg-s d+AOk-+AOc-ue, 1+-1')))).strippedText).toBe('Très déçue, 1+1');
  });

  it('leaves correct ISO-8859-1 alone', async () => {
    expect((await readMail(message('iso-8859-1', Buffer.from('schöne Grüße', 'latin1')))).strippedText).toBe('schöne Grüße');
  });
});
