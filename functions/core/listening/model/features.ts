/**
 * The words a small statistical model reads: Snowball stems and pairs of stems, in the reply's
 * language, with words a negation reaches marked ("!broken" in "nothing broken"). The same
 * function feeds training (scripts/build-classifier.ts) and reading, so they cannot drift.
 */
import { stem } from '../stem.ts';
import type { Sentence } from '../text.ts';
import type { ReadLanguage } from '../types.ts';

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'none', 'nobody', 'without', 'nicht', 'nichts', 'kein', 'keine', 'keinen', 'nie', 'ohne', 'ne', 'pas', 'rien', 'jamais', 'aucun', 'aucune', 'sans', 'nunca', 'nada', 'ningun', 'ninguna', 'ninguno', 'sin', 'ni']);
const REACH = 3;

export function features(sentences: Sentence[], language: ReadLanguage): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    let reach = 0;
    let clause = -1;
    let previous = '';
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
      out.push(`${language}:${word}`);
      if (previous) out.push(`${language}:${previous}_${word}`);
      previous = word;
    }
    if (s.asked) out.push(`${language}:?`);
  }
  return out;
}
