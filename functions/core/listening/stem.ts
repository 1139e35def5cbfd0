/**
 * Word stems (Snowball, from @orama/stemmers) and stop words (@orama/stopwords) for the four
 * languages: a cue written once ("damaged") matches every form of the word ("damage",
 * "damaging"), and stop words tell the languages apart.
 */
import { stemmer as en } from '@orama/stemmers/english';
import { stemmer as de } from '@orama/stemmers/german';
import { stemmer as fr } from '@orama/stemmers/french';
import { stemmer as es } from '@orama/stemmers/spanish';
import { stopwords as enStop } from '@orama/stopwords/english';
import { stopwords as deStop } from '@orama/stopwords/german';
import { stopwords as frStop } from '@orama/stopwords/french';
import { stopwords as esStop } from '@orama/stopwords/spanish';
import { fold } from './text.ts';
import type { ReadLanguage } from './types.ts';

const STEMMERS: Record<ReadLanguage, (word: string) => string> = { en, de, fr, es };

// Stems are asked for the same few hundred words again and again; the cache is bounded so a
// stream of garbage cannot grow it without end.
const CACHE_LIMIT = 50_000;
const caches: Record<ReadLanguage, Map<string, string>> = { en: new Map(), de: new Map(), fr: new Map(), es: new Map() };

/** The stem of a folded word; words of one or two letters are their own stem. */
export function stem(language: ReadLanguage, norm: string): string {
  if (norm.length < 3) return norm;
  const cache = caches[language];
  let s = cache.get(norm);
  if (s === undefined) {
    // The German and French stemmers fold accents themselves; the input is folded already.
    s = fold(STEMMERS[language](norm));
    // Snowball leaves some French plural verbs whole ("adorent", "coulissent"): the singular's stem.
    if (language === 'fr' && s === norm && norm.length > 6 && norm.endsWith('ent')) s = fold(STEMMERS.fr(norm.slice(0, -2)));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(norm, s);
  }
  return s;
}

/** Stop words of each language that no other of the four has ("the", "nicht", "pas", "pero"). */
export const OWN_STOP_WORDS: Record<ReadLanguage, Set<string>> = (() => {
  const lists: Record<ReadLanguage, string[]> = { en: enStop, de: deStop, fr: frStop, es: esStop };
  const folded = Object.fromEntries(Object.entries(lists).map(([l, words]) => [l, new Set(words.map(fold))])) as Record<ReadLanguage, Set<string>>;
  const own = {} as Record<ReadLanguage, Set<string>>;
  for (const language of Object.keys(folded) as ReadLanguage[]) {
    own[language] = new Set([...folded[language]].filter((w) => w.length > 1 && !(Object.keys(folded) as ReadLanguage[]).some((o) => o !== language && folded[o].has(w))));
  }
  return own;
})();
