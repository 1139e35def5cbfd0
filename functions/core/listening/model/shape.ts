/**
 * How a reply is built, the same in every language, for the model: what a word list cannot
 * know but a shop owner hears at once.
 *
 * - `+good-but`: something good said, then a contrast with nothing good after it ("lovely, but
 *   the drawer sticks", "Alles schön und gut, aber wo ist der zweite Stuhl?"): what follows the
 *   "but" is the point, whatever its words.
 * - `+good-tail`: a short last sentence of only praise or thanks after sentences with none
 *   ("Ordered: size 40. Got: size 36. Lovely."): praise tacked on after a plain fact.
 * - `+duration`: a stretch of time ("three weeks", "vor 10 Tagen", "il y a 3 semaines").
 * - `+money`: an amount of money ("£89", "64,99 €").
 */
import type { PlacedFinding } from '../read.ts';
import { turnsAfterGood } from '../structure.ts';
import type { Sentence } from '../text.ts';
import type { FindingKind } from '../types.ts';

const GOOD = new Set<FindingKind>(['praise', 'all-well', 'thanks']);
/** What after a contrast says it ended well or is about something else. */
const SETTLES = new Set<FindingKind>(['praise', 'all-well', 'not-yet', 'later', 'gift', 'resolved', 'unsubscribe', 'details']);

/** Not the lists of structure.ts: weights.json was built with these, so they change only with a rebuild. */
const TIME_UNITS = new Set([
  'day', 'days', 'week', 'weeks', 'month', 'months', 'hours',
  'tag', 'tage', 'tagen', 'woche', 'wochen', 'monat', 'monate', 'monaten', 'stunden',
  'jour', 'jours', 'semaine', 'semaines', 'mois', 'heures',
  'dia', 'dias', 'semana', 'semanas', 'mes', 'meses', 'horas',
]);
const COUNTS = new Set([
  'two', 'three', 'four', 'five', 'six', 'several', 'few', 'couple',
  'zwei', 'drei', 'vier', 'funf', 'sechs', 'mehrere', 'paar', 'einigen',
  'deux', 'trois', 'quatre', 'cinq', 'six', 'plusieurs', 'quelques',
  'dos', 'tres', 'cuatro', 'cinco', 'seis', 'varios', 'varias', 'unos', 'unas',
]);
const MONEY = /[£€$]|\d(?:[.,]\d\d)\b/u;

export function shape(sentences: Sentence[], findings: readonly PlacedFinding[]): string[] {
  const out: string[] = [];
  const active = findings.filter((f) => !f.setAside);
  if (goodThenBut(sentences, active)) out.push('+good-but');
  const last = sentences.length - 1;
  if (last > 0 && sentences[last]!.tokens.length <= 3 && active.some((f) => f.sentence === last && GOOD.has(f.kind)) && !active.some((f) => f.sentence < last && GOOD.has(f.kind))) out.push('+good-tail');
  const tokens = sentences.flatMap((s) => s.tokens);
  if (tokens.some((t, i) => TIME_UNITS.has(t.norm) && i > 0 && (/^\d+$/.test(tokens[i - 1]!.norm) || COUNTS.has(tokens[i - 1]!.norm)))) out.push('+duration');
  if (sentences.some((s) => MONEY.test(s.text))) out.push('+money');
  return out;
}

/** Something good, then a contrast after which nothing good or settling is said. */
function goodThenBut(sentences: Sentence[], active: readonly PlacedFinding[]): boolean {
  return !turnsAfterGood(sentences, active, GOOD, SETTLES).next().done;
}
