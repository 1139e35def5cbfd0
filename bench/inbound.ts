/**
 * Section 6: inbound mail on one core. Ordinary replies (the labelled replies of
 * tests/fixtures/replies, each wrapped as a Gmail-style reply with a quoted note) go through the
 * inbound handler's reading (MIME parse and quote stripping: `readMail`) and then the
 * classifier, one after the other on the main thread. The baseline is `readMail` alone in the
 * same run, so the ratio shows what classification adds.
 */
import { readMail } from '../functions/adapters/mail/read-mail.ts';
import { classifyReply } from '../functions/core/domain/classify.ts';
import { loadReplies } from '../tests/support/reply-corpus.ts';
import { num, perSecond, table } from './format.ts';

export interface InboundResult {
  messages: number;
  parseOnlyPerSecond: number;
  parseAndClassifyPerSecond: number;
  classifyOnlyPerSecond: number;
  /** Parse + strip + classify against parse + strip alone. */
  ratio: number;
}

function rawReply(text: string, i: number): Buffer {
  const body = [text, '', `On Tue, 3 Mar 2026 at 10:0${i % 10}, Sarah at Northwind <reply+abc${i}@mail.example.com> wrote:`, '> Hi, how is the lamp getting on?', '> Sarah', ''].join('\r\n');
  return Buffer.from(
    [
      `From: Customer ${i} <customer${i}@example.com>`,
      `To: reply+abc${i}@mail.example.com`,
      'Subject: Re: How is the lamp?',
      `Message-ID: <m${i}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}

async function rate(messages: Buffer[], rounds: number, work: (raw: Buffer) => Promise<unknown>): Promise<number> {
  for (const raw of messages.slice(0, 100)) await work(raw); // warm-up
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const raw of messages) await work(raw);
  return (messages.length * rounds) / ((performance.now() - started) / 1000);
}

export async function benchInbound(options: { rounds: number; log: (line: string) => void }): Promise<InboundResult> {
  const replies = [...loadReplies('tuning'), ...loadReplies('held-out')].filter((r) => !r.category.match(/auto-reply|bounce/));
  const messages = replies.map((r, i) => rawReply(r.text, i));
  options.log(`  ${messages.length} replies × ${options.rounds} rounds`);
  const parsed = await Promise.all(messages.map((m) => readMail(m)));
  const parseOnly = await rate(messages, options.rounds, (raw) => readMail(raw));
  const both = await rate(messages, options.rounds, async (raw) => classifyReply(await readMail(raw)));
  let i = 0;
  const classifyOnly = await rate(messages, options.rounds, async () => classifyReply(parsed[i++ % parsed.length]!));
  return { messages: messages.length * options.rounds, parseOnlyPerSecond: parseOnly, parseAndClassifyPerSecond: both, classifyOnlyPerSecond: classifyOnly, ratio: both / parseOnly };
}

export function reportInbound(r: InboundResult): { text: string; summary: string } {
  const text = [
    '\n6. Inbound replies on one core: parse + strip (readMail), then classify',
    table(
      ['step', 'messages/s', 'target', 'met'],
      [
        ['parse + strip (baseline)', perSecond(r.parseOnlyPerSecond), '', ''],
        ['parse + strip + classify', perSecond(r.parseAndClassifyPerSecond), '200 /s', r.parseAndClassifyPerSecond >= 200 ? 'yes' : 'NO'],
        ['classify alone', perSecond(r.classifyOnlyPerSecond), '', ''],
      ],
    ),
    `  with classification: ${num(100 * r.ratio, 0)} % of the baseline's rate (${num(r.messages)} messages per step)`,
  ].join('\n');
  return { text, summary: `inbound: ${perSecond(r.parseAndClassifyPerSecond)} parse + strip + classify on one core (${num(100 * r.ratio, 0)} % of parse + strip alone)` };
}
