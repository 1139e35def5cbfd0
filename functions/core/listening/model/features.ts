/**
 * The words a small statistical model reads: Snowball stems and pairs of stems, in the reply's
 * language, with words a negation reaches marked ("!broken" in "nothing broken"), the first
 * word of each sentence ("^does") and whether a sentence asks. The same function feeds training
 * (scripts/build-classifier.ts) and reading, so they cannot drift. Each feature counts once per
 * reply.
 *
 * What the word lists found besides problems is read too, the same in every language ("+praise",
 * "+all-well", "+question", "+thanks" …, and "+set-aside" for a problem that was negated or only
 * feared): praise the lists know says more than a product's name. Problems are left out on
 * purpose: the lists were written from the tuning replies, so on them a listed problem is always
 * right, and a model trained on that would learn to trust the lists and hear nothing else.
 */
import type { PlacedFinding } from '../read.ts';
import { stem } from '../stem.ts';
import type { Sentence } from '../text.ts';
import { shape } from './shape.ts';
import { isProblem, isUrgent, type ReadLanguage } from '../types.ts';

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'none', 'nobody', 'without', 'nicht', 'nichts', 'kein', 'keine', 'keinen', 'nie', 'ohne', 'ne', 'pas', 'rien', 'jamais', 'aucun', 'aucune', 'sans', 'nunca', 'nada', 'ningun', 'ninguna', 'ninguno', 'sin', 'ni']);
const REACH = 3;

export function features(sentences: Sentence[], language: ReadLanguage, findings: readonly PlacedFinding[] = []): string[] {
  const out = new Set<string>(shape(sentences, findings));
  for (const f of findings) {
    if (f.setAside) out.add('+set-aside');
    else if (!isProblem(f.kind) && !isUrgent(f.kind)) out.add(`+${f.kind}`);
  }
  for (const s of sentences) {
    let reach = 0;
    let clause = -1;
    let previous = '';
    const first = s.tokens[0];
    if (first && !/^\d+$/.test(first.norm)) out.add(`${language}:^${stem(language, first.norm)}`);
    for (const t of s.tokens) {
      if (t.clause !== clause) {
        clause = t.clause;
        reach = 0;
        previous = '';
      }
      if (/^\d+$/.test(t.norm)) continue;
      if (NEGATORS.has(t.norm)) {
        reach = REACH;
        previous = '';
        continue;
      }
      const word = `${reach > 0 ? '!' : ''}${stem(language, t.norm)}`;
      if (reach > 0) reach--;
      out.add(`${language}:${word}`);
      if (previous) out.add(`${language}:${previous}_${word}`);
      previous = word;
    }
    if (s.asked) out.add(`${language}:?`);
  }
  return [...out];
}
