/**
 * Which language a customer wrote in, told from the small words every sentence has ("the",
 * "und", "les", "el"). The console and notices name it beside the customer's own words, which
 * are always shown as written. Null when the text is too short or too mixed to tell.
 */
import type { Language } from '../store.ts';

const COMMON: Record<Language, string[]> = {
  en: ['the', 'and', 'is', 'it', 'my', 'was', 'not', 'you', 'to', 'i', 'of', 'for', 'but', 'with', 'this', 'have', 'are', 'what', 'can', 'thanks', 'thank', 'love'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ich', 'mit', 'es', 'ein', 'eine', 'mein', 'meine', 'aber', 'auch', 'wie', 'war', 'bitte', 'danke', 'für', 'sie', 'zu', 'noch'],
  fr: ['le', 'la', 'les', 'et', 'est', 'pas', 'je', 'un', 'une', 'mon', 'ma', 'ne', "c'est", 'des', 'du', 'pour', 'mais', 'avec', 'vous', 'merci', 'très', 'bien', 'il', 'elle'],
  es: ['el', 'la', 'los', 'las', 'y', 'es', 'no', 'que', 'mi', 'un', 'una', 'está', 'por', 'pero', 'con', 'para', 'muy', 'gracias', 'lo', 'se', 'del', 'hola'],
};

export function languageOf(text: string): Language | null {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length < 2) return null;
  const scores = (Object.keys(COMMON) as Language[]).map((language) => {
    const common = new Set(COMMON[language]);
    return { language, score: words.filter((w) => common.has(w)).length };
  });
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score < 2 || best.score === second?.score) return null;
  return best.language;
}
