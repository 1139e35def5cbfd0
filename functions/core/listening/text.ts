/**
 * Cutting a reply into sentences, clauses and words. Every word keeps where it stood in the
 * original text, so a finding can quote the customer exactly. Linear scans only: no regular
 * expression here can backtrack on long runs of spaces or quote markers.
 */

export interface Token {
  /** As written. */
  raw: string;
  /** Lower case, accents folded, apostrophes straightened ("Größe" → "grosse", "reçu" → "recu"). */
  norm: string;
  start: number;
  end: number;
  /** Index of the clause within its sentence. */
  clause: number;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Ends with a question mark, or opens with one (Spanish ¿). */
  asked: boolean;
  tokens: Token[];
  /** Clause boundaries that were contrast words ("but", "aber"): clause index → the word. */
  contrasts: Map<number, string>;
}

/** Lower case without accents; ß becomes ss. Keeps letters, digits and a few signs. */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[’‘`´]/g, "'");
}

const SENTENCE_END = new Set(['.', '!', '?', '…', '\n']);
const CLAUSE_MARK = new Set([',', ';', ':', '–', '—', '(', ')', '"', '“', '”', '«', '»', '„']);

/**
 * Words that turn a sentence ("the lamp is lovely, but the shade is dented"): each starts a new
 * clause, and what follows weighs more than what went before.
 */
export const CONTRAST_WORDS = new Set([
  'but', 'however', 'though', 'although', 'except', 'apart',
  'aber', 'doch', 'jedoch', 'allerdings', 'ausser', 'obwohl', 'trotzdem', 'dennoch',
  'mais', 'cependant', 'pourtant', 'sauf', 'toutefois', 'neanmoins',
  'pero', 'aunque', 'salvo', 'excepto', 'embargo',
]);

/** Words that end the reach of a negation without turning the sentence. */
const JOINERS = new Set(['and', 'und', 'et', 'y', 'e', 'so', 'then', 'dann', 'puis', 'luego', 'because', 'weil', 'denn', 'car', 'parce', 'porque']);

const ELISION = /^(n|l|j|d|qu|m|t|s|c|jusqu|lorsqu|puisqu)'(.+)$/;
const EN_NOT = new Map([
  ["can't", ['can', 'not']], ['cant', ['can', 'not']], ["won't", ['will', 'not']], ['wont', ['will', 'not']],
  ["ain't", ['is', 'not']], ["shan't", ['shall', 'not']],
]);
const EN_NT_BARE = new Set(['dosent', 'dosnt', 'doesent', 'dident', 'isent', 'wasent', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'havent', 'hasnt', 'hadnt', 'couldnt', 'shouldnt', 'wouldnt', 'mustnt', 'neednt']);
const EN_SUFFIX: Record<string, string> = { "'s": 'is', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "'m": 'am' };

/** Splits one written word into the words it stands for ("doesn't" → does not, "l'abat" → le abat). */
export function expand(norm: string): string[] {
  const bare = EN_NOT.get(norm);
  if (bare) return bare;
  if (norm.endsWith("n't")) return [norm.slice(0, -3), 'not'];
  if (EN_NT_BARE.has(norm)) return [norm.replace(/e?nt$/, ''), 'not'];
  const elided = ELISION.exec(norm);
  if (elided) return [elided[1] === 'qu' ? 'que' : `${elided[1]}e`, elided[2]!];
  const apostrophe = norm.indexOf("'");
  if (apostrophe > 0) {
    const suffix = EN_SUFFIX[norm.slice(apostrophe)];
    if (suffix) return [norm.slice(0, apostrophe), suffix];
    return [norm.replace(/'/g, '')];
  }
  return [norm];
}

/** A quote of the customer on one line, cut to 140 characters. */
export const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 140 ? `${one.slice(0, 137)}…` : one;
};

const isWordChar = (c: string) => /[\p{L}\p{N}'’]/u.test(c);

/**
 * Sentences of a text, each with its words and clauses. A sentence ends at . ! ? … or a line
 * break; a clause at a comma, semicolon, colon, dash, bracket, quotation mark or contrast word.
 */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let tokens: Token[] = [];
  let clause = 0;
  let contrasts = new Map<number, string>();
  let start = -1;
  let asked = false;
  const close = (end: number) => {
    if (start >= 0 && tokens.length > 0) {
      out.push({ text: text.slice(start, end).trim(), start, end, asked, tokens, contrasts });
    }
    tokens = [];
    clause = 0;
    contrasts = new Map();
    start = -1;
    asked = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isWordChar(c)) {
      let j = i + 1;
      // A word runs over letters, digits and inner apostrophes; hyphens split ("est-ce" → est ce).
      while (j < text.length && isWordChar(text[j]!)) j++;
      const raw = text.slice(i, j).replace(/['’]+$/, '');
      if (start < 0) start = i;
      for (const norm of expand(fold(raw))) {
        if (!norm) continue;
        if (CONTRAST_WORDS.has(norm) && tokens.length === 0) contrasts.set(0, norm);
        if (CONTRAST_WORDS.has(norm) && tokens.length > 0) {
          // After a comma the clause is new already: "…, but …" turns it all the same.
          if (tokens[tokens.length - 1]!.clause === clause) clause++;
          contrasts.set(clause, norm);
        } else if (JOINERS.has(norm) && tokens.length > 0 && tokens[tokens.length - 1]!.clause === clause) {
          clause++;
        }
        tokens.push({ raw, norm, start: i, end: j, clause });
      }
      i = j;
      continue;
    }
    if (c === '?' || c === '¿') asked = true;
    if (start < 0 && c === '¿') start = i;
    if (SENTENCE_END.has(c)) {
      // "3.5", "e.g." and "..." stay inside a sentence only when a lower-case word follows at once.
      const next = text[i + 1];
      if (c === '.' && next !== undefined && /[\p{Ll}\p{N}]/u.test(next)) {
        i++;
        continue;
      }
      let j = i;
      while (j < text.length && (SENTENCE_END.has(text[j]!) || text[j] === ' ')) {
        if (text[j] === '?') asked = true;
        j++;
      }
      close(i + 1);
      i = j;
      continue;
    }
    if (CLAUSE_MARK.has(c) && tokens.length > 0 && tokens[tokens.length - 1]!.clause === clause) clause++;
    i++;
  }
  close(text.length);
  return out;
}
