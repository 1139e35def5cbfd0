/**
 * "Your seventh order": ordinals as a person writes them, in words up to twelve and in figures
 * above. Each language's form fits the noun its templates use for an order:
 *   en  "your seventh order"          (any noun)
 *   de  "deine siebte Bestellung"     (feminine, after "deine"; figures: "deine 13. Bestellung")
 *   fr  "votre septième commande"     (feminine for 1: "1re")
 *   es  "tu séptimo pedido"           (masculine, before the noun: "tu tercer pedido")
 */
import type { Language } from '../../core/domain/store.ts';

const WORDS: Record<Language, readonly string[]> = {
  en: ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'],
  de: ['erste', 'zweite', 'dritte', 'vierte', 'fünfte', 'sechste', 'siebte', 'achte', 'neunte', 'zehnte', 'elfte', 'zwölfte'],
  fr: ['première', 'deuxième', 'troisième', 'quatrième', 'cinquième', 'sixième', 'septième', 'huitième', 'neuvième', 'dixième', 'onzième', 'douzième'],
  // Above ten, Spanish speakers say "pedido número 11" rather than "undécimo": figures read better.
  es: ['primer', 'segundo', 'tercer', 'cuarto', 'quinto', 'sexto', 'séptimo', 'octavo', 'noveno', 'décimo'],
};

export function ordinal(n: number, language: Language): string {
  const word = Number.isInteger(n) && n >= 1 ? WORDS[language][n - 1] : undefined;
  if (word) return word;
  switch (language) {
    case 'en':
      return `${n}${englishSuffix(n)}`;
    case 'de':
      return `${n}.`;
    case 'fr':
      return n === 1 ? '1re' : `${n}e`;
    case 'es':
      return `${n}.º`;
  }
}

function englishSuffix(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
}
