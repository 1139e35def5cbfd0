import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../functions/adapters/mail/limits.ts';
import { readMail } from '../../../functions/adapters/mail/read-mail.ts';

/**
 * Messages built to be expensive: each is read to a clear outcome of bounded size. (How long
 * they take is measured in `npm run bench`, section 6, never asserted here.)
 */
const WORDS = 'The lamp arrived broken.';
const HEAD = 'From: Ada <ada@example.com>\r\nTo: reply+abc@in.example.com\r\nSubject: Re: Your lamp\r\nMessage-ID: <big@example.com>\r\n';
const plain = (body: string) => Buffer.from(`${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}`);
const html = (body: string) => Buffer.from(`${HEAD}Content-Type: text/html; charset=utf-8\r\n\r\n${body}`);
const MB = 1024 * 1024;

describe('a message of 10 MB', () => {
  it('keeps the customer’s words up to the limit, marked as cut, and a bounded whole text', async () => {
    const mail = await readMail(plain(`${WORDS}\n\n${'and then it flickered again '.repeat((10 * MB) / 28)}`));
    expect(mail.strippedText.startsWith(WORDS)).toBe(true);
    expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
    expect(mail.strippedText.length).toBeGreaterThan(LIMITS.words - 200);
    expect(mail.truncated).toBe(true);
    expect(mail.text.length).toBeLessThanOrEqual(LIMITS.wholeText);
  });

  it('with the words above 10 MB of quote, keeps exactly the words', async () => {
    const mail = await readMail(plain(`${WORDS}\n\nOn Mon, 23 Nov 2026 at 10:02, Sarah <s@n.example> wrote:\n${'> Is everything OK?\n'.repeat((10 * MB) / 20)}`));
    expect(mail.strippedText).toBe(WORDS);
    expect(mail.truncated).toBeUndefined();
  });
});

describe('MIME built to be expensive', () => {
  it('5,000 parts: the text part is read', async () => {
    const parts = [`--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${WORDS}\r\n`];
    for (let i = 0; i < 4_999; i++) parts.push(`--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="p${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n`);
    const mail = await readMail(Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`));
    expect(mail.strippedText).toBe(WORDS);
  });

  it('5,000 inline text parts: the words are bounded', async () => {
    const parts = Array.from({ length: 5_000 }, (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPart ${i}: ${WORDS}\r\n`);
    const mail = await readMail(Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`));
    expect(mail.strippedText.startsWith(`Part 0: ${WORDS}`)).toBe(true);
    expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
  });

  it('300-deep nesting: the headers are read, the body is said to be unreadable', async () => {
    let body = `Content-Type: text/plain\r\n\r\n${WORDS}\r\n`;
    for (let depth = 300; depth > 0; depth--) body = `Content-Type: multipart/mixed; boundary="d${depth}"\r\n\r\n--d${depth}\r\n${body}--d${depth}--\r\n`;
    const mail = await readMail(Buffer.from(`${HEAD}${body}`));
    expect(mail.unreadable).toMatch(/nesting/i);
    expect(mail.from).toEqual({ name: 'Ada', address: 'ada@example.com' });
    expect(mail.subject).toBe('Re: Your lamp');
    expect(mail.messageId).toBe('<big@example.com>');
    expect(mail.strippedText).toBe('');
  });

  it('garbage: empty, random bytes, no header section', async () => {
    for (const raw of [Buffer.alloc(0), randomBytes(64 * 1024), Buffer.from('no headers at all, just words')]) {
      const mail = await readMail(raw);
      expect(typeof mail.strippedText).toBe('string');
      expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
    }
  });
});

describe('1 MB of hostile HTML after the words', () => {
  it.each([
    ['200,000 unclosed <div>', '<div>'.repeat(MB / 5)],
    ['200,000 nested <blockquote>', '<blockquote>x'.repeat(MB / 13)],
    ['stray closing tags', '</span>'.repeat(MB / 7)],
    ['an unclosed comment', `<!--${'x'.repeat(MB)}`],
    ['an unclosed attribute', `<a title="${'x'.repeat(MB)}`],
    ['a huge style attribute', `<div style="${'border-top:solid;padding:0;'.repeat(MB / 26)}">x</div>`],
    ['bare ampersands and broken entities', '&#&x&amp'.repeat(MB / 9)],
    ['every "<"', '<'.repeat(MB)],
    ['a script never closed', `<script>${'</scrip'.repeat(MB / 7)}`],
  ])('%s', async (_shape, junk) => {
    const mail = await readMail(html(`<p>${WORDS}</p>${junk}`));
    expect(mail.strippedText.startsWith(WORDS)).toBe(true);
    expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
    expect(mail.text.length).toBeLessThanOrEqual(LIMITS.wholeText);
  });
});

describe('text built against the line patterns', () => {
  it.each([
    ['100,000 ">" lines', '>\n'.repeat(100_000)],
    ['100,000 quoted lines', '> Is everything OK?\n'.repeat(100_000)],
    ['a 1 MB line of quote marks and spaces', `${'> '.repeat(MB / 2)}\n`],
    ['a 1 MB line of spaces and quote marks', `${' >'.repeat(MB / 2)}\n`],
    ['100,000 header-like lines', 'From: x\n'.repeat(100_000)],
    ['100,000 lines ending in a colon', 'On a date someone wrote:\n'.repeat(50_000)],
    ['a 1 MB rule', `${'-'.repeat(MB)}\n`],
    ['a 1 MB line of addresses', `${'a@b.c<'.repeat(MB / 6)}:\n`],
  ])('%s under the words', async (_shape, junk) => {
    const mail = await readMail(plain(`${WORDS}\n\n${junk}`));
    expect(mail.strippedText.startsWith(WORDS)).toBe(true);
    expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
  });

  it('100,000 quoted lines and nothing else: nothing the customer wrote', async () => {
    expect((await readMail(plain('> Is everything OK?\n'.repeat(100_000)))).strippedText).toBe('');
  });

  it('answers between 50,000 quoted lines keep only the answers', async () => {
    const mail = await readMail(plain('> Is it OK?\nYes.\n'.repeat(50_000)));
    expect(mail.strippedText.startsWith('Yes.\nYes.')).toBe(true);
    expect(mail.strippedText).not.toContain('>');
    expect(mail.strippedText.length).toBeLessThanOrEqual(LIMITS.words);
  });
});
