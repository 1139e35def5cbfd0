/**
 * Which of the four languages a reply is written in: stop words that belong to one language
 * only, letters that only some languages use, and the words that mark a reply (thanks, please,
 * hello). Short replies can stay undecided: they are then read in every language.
 */
import { OWN_STOP_WORDS } from './stem.ts';
import type { Sentence } from './text.ts';
import { READ_LANGUAGES, type ReadLanguage } from './types.ts';

const LETTERS: Record<ReadLanguage, RegExp> = {
  en: /(?!)/,
  de: /[äöüß]/i,
  fr: /[èêàùçœâîôûëïÿ]/i,
  es: /[ñ¿¡áíóú]/i,
};

/** Everyday words of a short reply that the stop-word lists leave out. */
const MARKERS: Record<ReadLanguage, Set<string>> = {
  en: new Set(['thanks', 'thank', 'please', 'hi', 'hello', 'love', 'great', 'arrived', 'broken', 'ok', 'got', 'received', 'wrong', 'stop', 'unsubscribe', 'lovely', 'never']),
  de: new Set(['danke', 'bitte', 'hallo', 'leider', 'kaputt', 'toll', 'super', 'angekommen', 'erhalten', 'schon', 'gut', 'alles', 'geht', 'ist', 'nix', 'abmelden']),
  fr: new Set(['merci', 'bonjour', 'svp', 'casse', 'cassee', 'recu', 'genial', 'tout', 'bien', 'tres', 'rien', 'jamais', 'trop', 'arrive', 'arrivee', 'ca']),
  es: new Set(['gracias', 'hola', 'roto', 'rota', 'recibido', 'llego', 'perfecto', 'todo', 'bien', 'muy', 'nada', 'nunca', 'otra', 'vez', 'baja', 'vale']),
};

export interface LanguageGuess {
  /** The most likely language, or null when nothing tells them apart. */
  language: ReadLanguage | null;
  /** The languages to read the reply in: the likely one, or all four when it is unclear. */
  readIn: ReadLanguage[];
  scores: Record<ReadLanguage, number>;
}

export function detectLanguage(text: string, sentences: Sentence[]): LanguageGuess {
  const scores = { en: 0, de: 0, fr: 0, es: 0 } as Record<ReadLanguage, number>;
  for (const s of sentences) {
    for (const t of s.tokens) {
      for (const language of READ_LANGUAGES) {
        if (OWN_STOP_WORDS[language].has(t.norm)) scores[language] += 1;
        if (MARKERS[language].has(t.norm)) scores[language] += 1;
      }
    }
  }
  for (const language of READ_LANGUAGES) {
    const letters = text.match(new RegExp(LETTERS[language].source, 'gi'));
    if (letters) scores[language] += Math.min(3, letters.length) * 1.5;
  }
  const ranked = [...READ_LANGUAGES].sort((a, b) => scores[b] - scores[a]);
  const [best, second] = [ranked[0]!, ranked[1]!];
  if (scores[best] === 0) return { language: null, readIn: [...READ_LANGUAGES], scores };
  // A clear lead decides; otherwise read in the close ones too, so a two-word reply is not lost.
  const clear = scores[best] >= 2 * scores[second] && scores[best] - scores[second] >= 1.5;
  const readIn = clear ? [best] : ranked.filter((l) => scores[l] > 0 && scores[l] >= scores[best] / 2);
  return { language: best, readIn, scores };
}
