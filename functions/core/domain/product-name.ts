/**
 * What the customer bought, named the way a person at the shop would name it in a note:
 * "your linen duvet cover", not "Linen Duvet Cover - Queen / Sage x1".
 *
 * Catalogue titles carry things nobody says out loud (variants, SKUs, sizes, quantities,
 * marketing Title Case), so a title is cleaned, shortened and lower-cased where that is safe.
 * Several items become one phrase ("your lamp and the rug"). Product gender is unknown, so the
 * phrases never need an article or adjective that agrees with it: French and Spanish repeat the
 * gender-free possessive ("votre lampe et votre tapis"), German hangs the products on
 * "deine Bestellung mit …", whose gender is known.
 */
import type { LineItem } from './purchase.ts';
import type { Language } from './store.ts';

export interface ProductPhrase {
  /** With the possessive, ready for a sentence: "your lamp and the rug", "vos deux tasses". */
  yours: string;
  /** The same without the leading possessive: "lamp and the rug", "deux tasses", "order". */
  bare: string;
  /** Things bought (the sum of the quantities of the items named). */
  count: number;
}

export interface ProductNameOptions {
  /** Words kept exactly as written, such as the store's own name ("Northwind Mug"). */
  keepWords?: readonly string[];
}

export interface ProductPhraseOptions extends ProductNameOptions {
  /**
   * Where the phrase goes. In a sentence, the list of products may take up to
   * {@link MAX_SENTENCE_LIST_CHARS}; in a subject line the whole phrase, possessive included,
   * stays within {@link MAX_SUBJECT_PHRASE_CHARS}. Longer lists are said more briefly ("your
   * lamp and five other things"), and as a last resort as "your order".
   */
  fit?: 'sentence' | 'subject';
}

export const MAX_SENTENCE_LIST_CHARS = 70;
export const MAX_SUBJECT_PHRASE_CHARS = 45;
const MAX_NAME_WORDS = 5;
const MAX_NAME_CHARS = 40;

type NamedItem = { name: string; plural: string | null; quantity: number; lineTotal: number };

/** The natural phrase for everything in the order(s), in the note's language. */
export function productPhrase(
  items: readonly LineItem[],
  language: Language,
  options: ProductPhraseOptions = {},
): ProductPhrase {
  const named = mergeSameNames(
    withoutExtras(items).flatMap((item) => {
      const name = productName(item, language, options);
      if (!name) return [];
      return [{ name, plural: pluralName(name, language), quantity: item.quantity, lineTotal: item.unitPriceMinor * item.quantity }];
    }),
  );
  // The main thing first: a person mentions the sofa before the cushions.
  named.sort((a, b) => b.lineTotal - a.lineTotal);
  const count = named.reduce((sum, item) => sum + item.quantity, 0);
  const grammar = GRAMMAR[language];
  if (named.length === 0) return { ...grammar.order, count };

  const fits =
    options.fit === 'subject'
      ? (p: { yours: string }) => p.yours.length <= MAX_SUBJECT_PHRASE_CHARS
      : (p: { list: string }) => p.list.length <= MAX_SENTENCE_LIST_CHARS;
  for (const candidate of candidates(named)) {
    const phrase = grammar.list(candidate.shown, candidate.others);
    if (fits(phrase)) return { yours: phrase.yours, bare: phrase.bare, count };
  }
  return { ...grammar.order, count };
}

/** Ways to say the list, from the fullest to the shortest; the first that fits is used. */
function* candidates(items: NamedItem[]): Generator<{ shown: NamedItem[]; others: number }> {
  if (items.length <= 3) yield { shown: items, others: 0 };
  if (items.length > 2) yield { shown: items.slice(0, 2), others: items.length - 2 };
  if (items.length > 1) yield { shown: items.slice(0, 1), others: items.length - 1 };
}

/** Lines that are not things the customer chose: shipping protection, gift wrap, tips. */
const EXTRAS = new RegExp(
  [
    String.raw`\b(shipping|package|parcel|delivery|route)\s+(protection|insurance)\b`,
    String.raw`\binsurance\b|\bgift\s*wrap(ping)?\b|^tips?\b|\bdonation\b`,
    String.raw`versandschutz|versandversicherung|geschenkverpackung|trinkgeld|\bspende\b`,
    String.raw`protection\s+(de\s+|d')?(la\s+)?(livraison|colis|envoi)|assurance\s+(de\s+)?(livraison|colis)|emballage cadeau|pourboire`,
    String.raw`protecci[oó]n\s+de(l)?\s+(env[ií]o|paquete)|seguro\s+de\s+env[ií]o|papel de regalo|envoltorio de regalo|propina`,
  ].join('|'),
  'i',
);

/** What the customer chose: no extras, and no free items (samples, gifts) beside paid ones. */
function withoutExtras(items: readonly LineItem[]): LineItem[] {
  const kept = items.filter((item) => !EXTRAS.test(item.title));
  const paid = kept.filter((item) => item.unitPriceMinor > 0);
  return paid.length > 0 ? paid : kept;
}

function mergeSameNames(items: NamedItem[]): NamedItem[] {
  const byName = new Map<string, NamedItem>();
  for (const item of items) {
    const key = item.name.toLocaleLowerCase();
    const seen = byName.get(key);
    if (seen) {
      seen.quantity += item.quantity;
      seen.lineTotal += item.lineTotal;
    } else {
      byName.set(key, { ...item });
    }
  }
  return [...byName.values()];
}

// ---------------------------------------------------------------------------------------------
// One item's name

/**
 * One item's natural name, or null when nothing sayable is left (a title that is only a code).
 * "Linen Duvet Cover - Queen / Sage (200 x 220 cm) x1" → "linen duvet cover".
 */
export function productName(
  item: Pick<LineItem, 'title' | 'variant' | 'sku'>,
  language: Language,
  options: ProductNameOptions = {},
): string | null {
  let name = stripVariant(item.title, item.variant);
  name = name.replace(/\s*[([{][^)\]}]*[)\]}]/g, ' '); // sizes and notes in brackets
  name = name.split(/\s+[-–—|]\s+|\s+\|\s*/)[0] ?? ''; // "Mug - Handmade", "Mug | Blue"
  if (item.sku && item.sku.length >= 3) name = name.split(item.sku).join(' ');
  name = stripCodesAndQuantities(name);
  name = name.split(/[,;:]/)[0] ?? '';
  name = cutAtConnector(name);
  name = name.replace(/\s+/g, ' ').replace(/^[\s\-–—/.|#*]+|[\s\-–—/.|#*]+$/g, '');
  if (!/\p{L}/u.test(name)) return null;
  name = language === 'de' ? withoutLeadingAdjectives(name) : lowerCaseCommonWords(name, language, options.keepWords ?? []);
  return shorten(name, language);
}

const GERMAN_ADJECTIVE_STEMS =
  'groß|klein|neu|alt|weiß|schwarz|rot|blau|grün|grau|gelb|braun|rosa|bunt|rund|eckig|lang|kurz|warm|weich|fein|schön|echt|hell|dunkl|edl|modern|klassisch|nordisch|rustikal|natürlich|einzigartig|handgemacht|handgefertigt|gemütlich|praktisch';
const GERMAN_ADJECTIVE = new RegExp(
  `^(?:(?:${GERMAN_ADJECTIVE_STEMS})|(?:hand)?ge\\p{Ll}+t|\\p{Ll}+(?:ig|lich|isch|bar|sam|los|ern))(?:e|er|es|en|em)$`,
  'u',
);

/**
 * German titles that open with an inflected adjective ("Handgetöpferte Servierschüssel") cannot
 * follow "mit" without declining it for a gender we do not know, so the note names the noun
 * alone ("Servierschüssel"). Only the first words are adjectives in German titles: later ones
 * are written in lower case, and nouns keep their capital.
 */
function withoutLeadingAdjectives(name: string): string {
  const words = name.split(' ');
  let start = 0;
  while (start < words.length - 1) {
    const word = words[start]!;
    const adjective = start === 0 ? GERMAN_ADJECTIVE.test(word.toLocaleLowerCase()) : /^\p{Ll}/u.test(word);
    if (!adjective) break;
    start += 1;
  }
  return start > 0 && /^\p{Lu}/u.test(words[start]!) ? words.slice(start).join(' ') : name;
}

function stripVariant(title: string, variant: string | null): string {
  const trimmed = title.trim();
  if (!variant || variant.trim() === '' || /^default title$/i.test(variant.trim())) return trimmed;
  const v = variant.trim();
  const lowerTitle = trimmed.toLocaleLowerCase();
  if (lowerTitle.endsWith(v.toLocaleLowerCase()) && trimmed.length > v.length) {
    return trimmed.slice(0, trimmed.length - v.length);
  }
  return trimmed;
}

function stripCodesAndQuantities(text: string): string {
  return (
    text
      // "SKU NW-12", "Art.-Nr. 12345", "Réf. A12", "Ref: 12", "Item #12" (a mark after the
      // word, so that "Refill" stays)
      .replace(/\bsku\s*[:#]?\s*[\w-]+/giu, ' ')
      .replace(/\b(art\.?-?nr|artikelnummer|réf|ref|item)\s*[.:#]\s*[\w-]+/giu, ' ')
      // "#A123"
      .replace(/(^|\s)#[\w-]+/gu, ' ')
      // dimensions: "200 x 220 cm", "30x40"
      .replace(/\b\d+(?:[.,]\d+)?\s?[x×]\s?\d+(?:[.,]\d+)?(?:\s?(?:cm|mm|m|in|ft|"))?(?=\s|$)/giu, ' ')
      // quantities: "x1", "× 2", "2x", "Qty: 2", "Menge: 2" (lower-case x only: "X200" is a model)
      .replace(/(^|\s)[x×]\s?\d{1,2}(?=\s|$)/gu, ' ')
      .replace(/(^|\s)\d{1,2}\s?[x×](?=\s|$)/gu, ' ')
      .replace(/\b(qty|quantity|menge|quantité|cantidad)\s*[:.]?\s*\d+/giu, ' ')
      // SKU-like codes: upper-case segments joined by dashes, with a digit ("NW-DC-Q-01")
      .split(/\s+/)
      .filter((word) => !isCodeLike(word))
      .join(' ')
  );
}

function isCodeLike(word: string): boolean {
  return /^[A-Z0-9]+(?:[-_.][A-Z0-9]+)+$/.test(word) && /\d/.test(word) && /[A-Z]/.test(word);
}

/** "Mug with Lid" → "Mug": the head is what a person names; the rest is catalogue detail. */
function cutAtConnector(text: string): string {
  const parts = text.split(/\s+(?:with|for|featuring|mit|für|aus|avec|pour|con|para)\s+/i);
  return parts[0] && /\p{L}/u.test(parts[0]) ? parts[0] : text;
}

/** Long names keep their head noun: the end in English and German, the start in French and Spanish. */
function shorten(name: string, language: Language): string {
  let words = name.split(' ');
  const headFirst = language === 'fr' || language === 'es';
  while (words.length > 1 && (words.length > MAX_NAME_WORDS || words.join(' ').length > MAX_NAME_CHARS)) {
    words = headFirst ? words.slice(0, -1) : words.slice(1);
    if (headFirst) while (words.length > 1 && FUNCTION_WORDS[language].has(words.at(-1)!.toLocaleLowerCase())) words.pop();
  }
  return words.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Case

/** Words that stay lower case in Title Case titles too, per language: they reveal sentence case. */
const FUNCTION_WORDS: Record<Language, Set<string>> = {
  en: new Set(['a', 'an', 'the', 'and', 'or', 'of', 'for', 'with', 'in', 'on', 'at', 'to', 'by', 'from']),
  de: new Set(['und', 'mit', 'für', 'von', 'aus', 'der', 'die', 'das', 'im', 'in']),
  fr: new Set(['de', "d'", 'du', 'des', 'la', 'le', 'les', 'et', 'en', 'à', 'au', 'aux', 'avec', 'pour', 'sur', 'un', 'une']),
  es: new Set(['de', 'del', 'la', 'el', 'los', 'las', 'y', 'con', 'para', 'en', 'por', 'un', 'una', 'sin', 'a', 'al']),
};

/** English capitalises these wherever they stand ("French press", "Turkish towel"). */
const ENGLISH_PROPER = new Set(
  (
    'english british french german italian spanish portuguese dutch belgian swiss austrian irish scottish welsh ' +
    'danish swedish norwegian finnish icelandic nordic scandinavian greek turkish moroccan persian egyptian indian ' +
    'japanese chinese korean thai vietnamese mexican peruvian american canadian australian african european ' +
    'mediterranean victorian christmas easter monday tuesday wednesday thursday friday saturday sunday january ' +
    'february march april june july august september october november december'
  ).split(' '),
);

/**
 * Lower-cases words that are only capitalised by catalogue style ("Linen Duvet Cover"), and keeps
 * the ones that carry meaning: brand-like words (LED, iPhone, X200), the store's own name, and
 * English proper adjectives. A title already in sentence case keeps its inner capitals, which
 * are then names ("Candle from Provence").
 */
function lowerCaseCommonWords(name: string, language: Language, keepWords: readonly string[]): string {
  const keep = new Set(keepWords.map((w) => w.toLocaleLowerCase()));
  const words = name.split(' ');
  const sentenceCase = words
    .slice(1)
    .some((w) => /^\p{Ll}/u.test(w) && !FUNCTION_WORDS[language].has(w.toLocaleLowerCase()));
  return words
    .map((word, index) => {
      if (sentenceCase && index > 0) return word;
      if (keep.has(word.toLocaleLowerCase())) return word;
      if (language === 'en' && ENGLISH_PROPER.has(word.toLocaleLowerCase())) return word;
      return isStyledCapital(word) ? word.toLocaleLowerCase() : word;
    })
    .join(' ');
}

/**
 * "Duvet", "Hand-Thrown", "T-Shirt", "Men's": capitalised only by style. Not "LED", "iPhone",
 * "X200", "A" (a letter on its own is usually a name: "Vitamin C", "Plan B").
 */
function isStyledCapital(word: string): boolean {
  const parts = word.split(/[-'’]/);
  if (word.length < 2 || /\d/.test(word)) return false;
  return parts.every((part, i) => part === '' || /^\p{Lu}\p{Ll}*$/u.test(part) || (i > 0 && /^\p{Ll}+$/u.test(part)));
}

// ---------------------------------------------------------------------------------------------
// Plurals and numbers

/** The plural of a name, when the language's regular rules can be trusted with it; else null. */
export function pluralName(name: string, language: Language): string | null {
  switch (language) {
    case 'en':
      return pluralEnglish(name);
    case 'fr':
      return pluralHeadFirst(name, language, pluralFrenchWord);
    case 'es':
      return pluralHeadFirst(name, language, pluralSpanishWord);
    case 'de':
      // German plurals are not regular enough to guess ("Tasse" → "Tassen", "Teller" → "Teller").
      return null;
  }
}

const ENGLISH_IRREGULAR: Record<string, string> = {
  knife: 'knives', shelf: 'shelves', leaf: 'leaves', loaf: 'loaves', scarf: 'scarves', half: 'halves',
  wolf: 'wolves', mouse: 'mice', child: 'children', potato: 'potatoes', tomato: 'tomatoes', hero: 'heroes',
};

/** English: the head is the last word, or the word before "of" ("sets of napkins"). */
function pluralEnglish(name: string): string | null {
  const words = name.split(' ');
  const ofAt = words.findIndex((w, i) => i > 0 && w.toLowerCase() === 'of');
  const headAt = ofAt > 0 ? ofAt - 1 : words.length - 1;
  const head = words[headAt]!;
  if (!/^\p{Ll}[\p{Ll}-]*$/u.test(head)) return null; // brand-like or a code: leave it alone
  let plural: string | null;
  if (ENGLISH_IRREGULAR[head]) plural = ENGLISH_IRREGULAR[head];
  else if (/(ss|us|is|ch|sh|x|z)$/.test(head)) plural = `${head}es`;
  else if (/s$/.test(head)) plural = null; // "jeans", "scissors": already plural, or unsure
  else if (/[^aeiou]y$/.test(head)) plural = `${head.slice(0, -1)}ies`;
  else if (/(f|fe)$/.test(head)) plural = null;
  else plural = `${head}s`;
  if (!plural) return null;
  words[headAt] = plural;
  return words.join(' ');
}

/** French and Spanish: the head and its adjectives come first, up to the first preposition. */
function pluralHeadFirst(name: string, language: 'fr' | 'es', pluralWord: (w: string) => string | null): string | null {
  const stops = language === 'fr' ? /^(de|d'.*|du|des|en|à|au|aux|avec|pour|sans|sur)$/i : /^(de|del|con|para|en|sin|a|al|por)$/i;
  const words = name.split(' ');
  const out: string[] = [];
  let stopped = false;
  for (const word of words) {
    if (!stopped && stops.test(word)) stopped = true;
    if (stopped || !/^\p{Ll}+$/u.test(word)) {
      if (out.length === 0) return null; // the head itself is brand-like: leave it alone
      out.push(word);
      continue;
    }
    const plural = pluralWord(word);
    if (!plural) return null;
    out.push(plural);
  }
  return out.join(' ');
}

function pluralFrenchWord(word: string): string | null {
  if (/[sxz]$/.test(word)) return word;
  if (/(bleu|pneu)$/.test(word)) return `${word}s`;
  if (/(au|eu)$/.test(word)) return `${word}x`;
  if (/al$/.test(word) && !/^(bal|carnaval|chacal|festival|récital|régal|final|natal|naval|banal)$/.test(word)) {
    return `${word.slice(0, -2)}aux`;
  }
  return `${word}s`;
}

const SPANISH_UNACCENT: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };

function pluralSpanishWord(word: string): string | null {
  if (/[aeiouáéó]$/.test(word)) return `${word}s`;
  if (/[íú]$/.test(word)) return `${word}s`;
  if (/z$/.test(word)) return `${word.slice(0, -1)}ces`;
  // A stressed last syllable loses its written accent: "jarrón" → "jarrones", "cojín" → "cojines".
  const stressed = /([áéíóú])([ns])$/.exec(word);
  if (stressed) return `${word.slice(0, -2)}${SPANISH_UNACCENT[stressed[1]!]}${stressed[2]}es`;
  if (/[sx]$/.test(word)) return word; // "lunes", "tórax": the same in the plural
  if (/([lrndjy]|ch)$/.test(word)) return `${word}es`; // "mantel" → "manteles", "reloj" → "relojes"
  return `${word}s`; // loanwords: "mug" → "mugs", "set" → "sets"
}

const NUMBER_WORDS: Record<Language, readonly string[]> = {
  en: ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
  de: ['', 'einer', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn'],
  fr: ['', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'],
  es: ['', 'una', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez'],
};

/**
 * A count in words up to ten, digits above (as a person writes them). "One" takes the form that
 * agrees with the nouns used here: "un autre article", "una cosa más", "einer weiteren Sache".
 */
export function countInWords(n: number, language: Language): string {
  return NUMBER_WORDS[language][n] || String(n);
}

// ---------------------------------------------------------------------------------------------
// Lists, per language

interface Grammar {
  /** An order whose items cannot be named. */
  order: { yours: string; bare: string };
  /** `list` is the part that grows with the items, whose length is kept in check. */
  list(shown: NamedItem[], others: number): { yours: string; bare: string; list: string };
}

/** "two mugs"; the singular alone when the plural is unknown (the customer knows how many). */
function counted(item: NamedItem, language: Language): string {
  if (item.quantity <= 1) return item.name;
  if (language === 'de') return `${item.quantity} × ${item.name}`;
  return item.plural ? `${countInWords(item.quantity, language)} ${item.plural}` : item.name;
}

function joinWithAnd(parts: string[], and: string): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${and} ${parts.at(-1)}`;
}

const GRAMMAR: Record<Language, Grammar> = {
  en: {
    order: { yours: 'your order', bare: 'order' },
    list(shown, others) {
      const parts = shown.map((item, i) => (i === 0 ? '' : 'the ') + counted(item, 'en'));
      if (others > 0) parts.push(others === 1 ? 'one other thing' : `${countInWords(others, 'en')} other things`);
      const bare = joinWithAnd(parts, 'and');
      return { yours: `your ${bare}`, bare, list: bare };
    },
  },
  fr: {
    order: { yours: 'votre commande', bare: 'commande' },
    list(shown, others) {
      const possessive = (item: NamedItem) => (item.quantity > 1 && item.plural ? 'vos' : 'votre');
      const parts = shown.map((item) => `${possessive(item)} ${counted(item, 'fr')}`);
      if (others > 0) parts.push(others === 1 ? 'un autre article' : `${countInWords(others, 'fr')} autres articles`);
      const yours = joinWithAnd(parts, 'et');
      const bare = yours.replace(/^(votre|vos) /, '');
      return { yours, bare, list: bare };
    },
  },
  es: {
    order: { yours: 'tu pedido', bare: 'pedido' },
    list(shown, others) {
      const possessive = (item: NamedItem) => (item.quantity > 1 && item.plural ? 'tus' : 'tu');
      const parts = shown.map((item) => `${possessive(item)} ${counted(item, 'es')}`);
      if (others > 0) parts.push(others === 1 ? 'una cosa más' : `${countInWords(others, 'es')} cosas más`);
      const yours = joinWithAnd(parts, 'y');
      const bare = yours.replace(/^(tu|tus) /, '');
      return { yours, bare, list: bare };
    },
  },
  de: {
    // "mit" takes the dative, and article-less, as in "Zimmer mit Balkon": no gender needed.
    order: { yours: 'deine Bestellung', bare: 'Bestellung' },
    list(shown, others) {
      const parts = shown.map((item) => counted(item, 'de'));
      if (others > 0) parts.push(others === 1 ? 'einer weiteren Sache' : `${countInWords(others, 'de')} weiteren Sachen`);
      const list = joinWithAnd(parts, 'und');
      return { yours: `deine Bestellung mit ${list}`, bare: `Bestellung mit ${list}`, list };
    },
  },
};
