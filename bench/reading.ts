/**
 * Section 6: reading mail on one core, in this process. Ordinary replies (every reply of the
 * peer corpora in tests/fixtures/peer-replies: real messages from Gmail, Outlook, Apple Mail,
 * Thunderbird, Yahoo … with their quotes) go through what the inbound handler does to them —
 * MIME parse, stripping, classification — beside postal-mime's parse alone, in interleaved
 * rounds. Then messages built to be expensive, each read once per run with its time and the size
 * of what came out.
 */
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { readMail } from '../functions/adapters/mail/read-mail.ts';
import { classifyReply } from '../functions/core/domain/classify.ts';
import { peerCases } from '../tests/support/peer-replies.ts';
import { median } from './stats.ts';

export interface HostileTiming {
  name: string;
  bytes: number;
  ms: number;
  words: number;
  outcome: string;
}

export interface ReadingResult {
  messages: number;
  meanBytes: number;
  rounds: number;
  /** Messages per second, one figure per round. */
  parseOnly: number[];
  readOnly: number[];
  readAndClassify: number[];
  hostile: HostileTiming[];
}

/** Messages per second over at least `minMs` of repeated passes. */
async function rate(messages: Buffer[], minMs: number, work: (raw: Buffer) => Promise<unknown>): Promise<number> {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const raw of messages) await work(raw);
    done += messages.length;
  }
  return (done / (performance.now() - start)) * 1000;
}

const HEAD = 'From: Ada <ada@example.com>\r\nTo: reply+abc@in.example.com\r\nSubject: Re: Your lamp\r\n';
const WORDS = 'The lamp arrived broken.';
const MB = 1024 * 1024;

function hostileMessages(): Array<[string, Buffer]> {
  const plain = (body: string) => Buffer.from(`${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n${WORDS}\n\n${body}`);
  const html = (body: string) => Buffer.from(`${HEAD}Content-Type: text/html; charset=utf-8\r\n\r\n<p>${WORDS}</p>${body}`);
  let nested = `Content-Type: text/plain\r\n\r\n${WORDS}\r\n`;
  for (let d = 300; d > 0; d--) nested = `Content-Type: multipart/mixed; boundary="d${d}"\r\n\r\n--d${d}\r\n${nested}--d${d}--\r\n`;
  const parts = Array.from({ length: 5_000 }, (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPart ${i}\r\n`).join('');
  return [
    ['10 MB text reply', plain('and then it flickered again '.repeat((10 * MB) / 28))],
    ['10 MB of ">" quote under the words', plain(`On Mon, 23 Nov 2026 at 10:02, Sarah <s@n.example> wrote:\n${'> Is everything OK?\n'.repeat((10 * MB) / 20)}`)],
    ['100,000 ">" lines', plain('>\n'.repeat(100_000))],
    ['a 1 MB line of "> " and spaces', plain('> '.repeat(MB / 2))],
    ['5,000 MIME parts', Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`)],
    ['300-deep MIME nesting', Buffer.from(`${HEAD}${nested}`)],
    ['1 MB HTML: 200,000 unclosed <div>', html('<div>'.repeat(MB / 5))],
    ['1 MB HTML: 80,000 nested <blockquote>', html('<blockquote>x'.repeat(MB / 13))],
    ['1 MB HTML: stray closing tags', html('</span>'.repeat(MB / 7))],
    ['1 MB HTML: broken entities', html('&#&x&amp'.repeat(MB / 9))],
    ['1 MB HTML: unclosed comment', html(`<!--${'x'.repeat(MB)}`)],
  ];
}

export async function benchReading(options: { rounds: number; roundMs: number; log: (line: string) => void }): Promise<ReadingResult> {
  const messages = peerCases()
    .filter((c) => c.expect.text !== undefined)
    .map((c) => readFileSync(c.path));
  const meanBytes = messages.reduce((n, m) => n + m.length, 0) / messages.length;
  const parse = (raw: Buffer) => PostalMime.parse(raw);
  const read = (raw: Buffer) => readMail(raw);
  const readAndClassify = async (raw: Buffer) => classifyReply(await readMail(raw));
  // Warm the JIT on every path before the first measured round.
  await rate(messages, options.roundMs / 2, parse);
  await rate(messages, options.roundMs / 2, readAndClassify);
  const result: ReadingResult = { messages: messages.length, meanBytes, rounds: options.rounds, parseOnly: [], readOnly: [], readAndClassify: [], hostile: [] };
  const paths: Array<[number[], (raw: Buffer) => Promise<unknown>]> = [
    [result.parseOnly, parse],
    [result.readOnly, read],
    [result.readAndClassify, readAndClassify],
  ];
  for (let round = 0; round < options.rounds; round++) {
    // Each round starts with another path, so none always runs after the same one.
    for (let k = 0; k < paths.length; k++) {
      const [samples, work] = paths[(round + k) % paths.length]!;
      samples.push(await rate(messages, options.roundMs, work));
    }
  }
  options.log(`  ${options.rounds} rounds over ${messages.length} replies; median ${median(result.readAndClassify).toFixed(0)}/s read and classified`);
  for (const [name, raw] of hostileMessages()) {
    const start = performance.now();
    const mail = await readMail(raw);
    const ms = performance.now() - start;
    const outcome = mail.unreadable ? `unreadable (${mail.unreadable})` : mail.truncated ? 'words cut at the limit' : mail.strippedText.startsWith(WORDS) ? 'the words' : 'other';
    result.hostile.push({ name, bytes: raw.length, ms, words: mail.strippedText.length, outcome });
  }
  return result;
}
