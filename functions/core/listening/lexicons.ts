/**
 * The compiled lexicons, each built the first time a reply in its language is read: a cold
 * start compiles only the languages it meets (about a quarter of the work for most replies).
 */
import { compileLexicon, type Lexicon } from './lexicon/compile.ts';
import { de } from './lexicon/de.ts';
import { en } from './lexicon/en.ts';
import { es } from './lexicon/es.ts';
import { fr } from './lexicon/fr.ts';
import type { ReadLanguage } from './types.ts';

const SOURCES = { en, de, fr, es };
const compiled = new Map<ReadLanguage, Lexicon>();

export function lexicon(language: ReadLanguage): Lexicon {
  let l = compiled.get(language);
  if (!l) {
    l = compileLexicon(language, SOURCES[language]);
    compiled.set(language, l);
  }
  return l;
}
