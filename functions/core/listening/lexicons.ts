/** The four compiled lexicons, built once when the module loads. */
import { compileLexicon, type Lexicon } from './lexicon/compile.ts';
import { de } from './lexicon/de.ts';
import { en } from './lexicon/en.ts';
import { es } from './lexicon/es.ts';
import { fr } from './lexicon/fr.ts';
import type { ReadLanguage } from './types.ts';

export const LEXICONS: Record<ReadLanguage, Lexicon> = {
  en: compileLexicon('en', en),
  de: compileLexicon('de', de),
  fr: compileLexicon('fr', fr),
  es: compileLexicon('es', es),
};
