/** The printed form of section 6. */
import { heading, kib, meets, ms, num, perSecond, table } from './format.ts';
import type { ReadingResult } from './reading.ts';
import { median } from './stats.ts';

/** The goal for ordinary replies: parse, strip and classify on one core. */
export const READING_TARGET_PER_SECOND = 200;

export function reportReading(r: ReadingResult): { text: string; summary: string } {
  const parse = median(r.parseOnly);
  const read = median(r.readOnly);
  const full = median(r.readAndClassify);
  const met = Number.isFinite(full) ? full >= READING_TARGET_PER_SECOND : null;
  const lines = [
    heading('6. Reading mail on one core: MIME parse + quote and signature stripping (+ classification)'),
    `  ${num(r.messages)} ordinary replies (every reply of tests/fixtures/peer-replies, ${kib(r.meanBytes)} on average); median of ${r.rounds} interleaved rounds`,
    '',
    table(
      ['path', 'messages/s', 'vs postal-mime parse alone'],
      [
        ['postal-mime parse alone (baseline)', perSecond(parse), '× 1.00'],
        ['readMail: parse + strip', perSecond(read), `× ${num(read / parse, 2)}`],
        ['readMail + classifyReply (the inbound handler’s work)', perSecond(full), `× ${num(full / parse, 2)}`],
      ],
      ['l', 'r', 'r'],
    ),
    '',
    table(['figure', 'value', 'target', 'met'], [['read + classify, one core', perSecond(full), `≥ ${READING_TARGET_PER_SECOND} /s`, meets(met)]], ['l', 'l', 'l', 'l']),
    '',
    '  Messages built to be expensive (read once each; bounded by the limits in functions/adapters/mail/limits.ts):',
    table(
      ['message', 'size', 'read in', 'words kept', 'outcome'],
      r.hostile.map((h) => [h.name, kib(h.bytes, 0), ms(h.ms, 0), num(h.words), h.outcome]),
      ['l', 'r', 'r', 'r', 'l'],
    ),
  ];
  const slowest = r.hostile.reduce((a, b) => (b.ms > a.ms ? b : a), r.hostile[0]!);
  const summary =
    `reading mail: ${perSecond(full)} read + classified on one core (× ${num(full / parse, 2)} of postal-mime parse alone, ${perSecond(parse)}) [≥ ${READING_TARGET_PER_SECOND}/s: ${meets(met)}]; ` +
    `slowest hostile message ${ms(slowest?.ms ?? Number.NaN, 0)} (${slowest?.name ?? '—'})`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}
