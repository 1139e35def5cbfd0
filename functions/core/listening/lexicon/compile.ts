/**
 * Turns the written word lists of ./source.ts into phrases that match words of a reply, indexed
 * by their first word so a reply is read in one pass.
 */
import { stem } from '../stem.ts';
import { expand, fold, sentences } from '../text.ts';
import type { FindingKind, ReadLanguage } from '../types.ts';
import type { LexiconSource } from './source.ts';

export type Policy = 'flip' | 'trigger' | 'fixed';

interface Slot {
  /** Either word (folded); `gap` matches 0–3 words of anything. */
  alternatives: { norm: string; stem: string; how: 'word' | 'exact' | 'raw' | 'prefix' | 'contains' }[];
  gap?: boolean;
}

export interface Phrase {
  kind: FindingKind;
  policy: Policy;
  slots: Slot[];
  text: string;
  atStart: boolean;
  atEnd: boolean;
  askedOnly: boolean;
  weak: boolean;
}

export interface Lexicon {
  language: ReadLanguage;
  negators: Map<string, number>;
  negatorsAfter: Set<string>;
  freeOf: string[];
  guards: Set<string>;
  guardsAfter: Set<string>;
  notYet: Set<string>;
  hypothetical: Phrase[];
  genericOpeners: Phrase[];
  genericConditions: Phrase[];
  observed: Phrase[];
  conditional: Phrase[];
  ifWords: Phrase[];
  wishes: Phrase[];
  addressed: Phrase[];
  phrases: Phrase[];
  /** Phrases by the folded form and by the stem of their first word. */
  byWord: Map<string, Phrase[]>;
  /** Phrases whose first word is matched by its beginning or middle. */
  loose: Phrase[];
  /**
   * One-word cues of problems, by the word and by each spelling with one letter left out, so a
   * misspelt word one letter away ("brokn", "recieved", "damged") is still heard.
   */
  fuzzy: Map<string, Phrase[]>;
  /** Every word the phrases are written with: never taken for a misspelling. */
  known: Set<string>;
}

/** The word with each one letter left out in turn. */
export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

const FUZZY_KINDS = new Set<string>(['damaged', 'defective', 'wrong-item', 'missing', 'not-arrived', 'late', 'return', 'disappointed', 'unanswered', 'money', 'safety', 'health', 'unsubscribe']);
const FUZZY_MIN = 6;

const GAP: Slot = { alternatives: [], gap: true };

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

/** The folded words of a phrase as a reply's words would be (most are one plain word: no tokenizer needed). */
function words(text: string): string[] {
  if (PLAIN_WORD.test(text)) return expand(fold(text));
  return sentences(text).flatMap((s) => s.tokens.map((t) => t.norm));
}

function compilePhrase(language: ReadLanguage, raw: string, kind: FindingKind, policy: Policy): Phrase | null {
  let text = raw.trim();
  const weak = text.startsWith('~');
  if (weak) text = text.slice(1);
  const askedOnly = text.startsWith('?');
  if (askedOnly) text = text.slice(1);
  const atStart = text.startsWith('^');
  if (atStart) text = text.slice(1);
  const atEnd = text.endsWith('$');
  if (atEnd) text = text.slice(0, -1);
  const slots: Slot[] = [];
  for (const part of text.split(/\s+/).filter(Boolean)) {
    if (part === '_') {
      slots.push(GAP);
      continue;
    }
    const options = part.split('|');
    if (options.length > 1) {
      slots.push({ alternatives: options.map((o) => alternative(language, o)) });
      continue;
    }
    // A written word may stand for several ("can't" → can not, "l'abat" → le abat).
    const how = part.startsWith('=') ? 'exact' : part.startsWith('!') ? 'raw' : part.startsWith('*') ? 'contains' : part.endsWith('*') ? 'prefix' : 'word';
    const bare = part.replace(/^[=!*]/, '').replace(/\*$/, '');
    if (how === 'raw') {
      slots.push({ alternatives: [{ norm: bare.toLowerCase(), stem: '', how }] });
      continue;
    }
    for (const w of words(bare)) slots.push({ alternatives: [{ norm: w, stem: how === 'word' ? stem(language, w) : w, how }] });
  }
  if (slots.length === 0 || slots[0]!.gap) return null;
  return { kind, policy, slots, text: raw.trim(), atStart, atEnd, askedOnly, weak };
}

function alternative(language: ReadLanguage, option: string): Slot['alternatives'][number] {
  const how = option.startsWith('=') ? 'exact' : option.endsWith('*') ? 'prefix' : 'word';
  const norm = fold(option.replace(/^=/, '').replace(/\*$/, ''));
  return { norm, stem: how === 'word' ? stem(language, norm) : norm, how };
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function compileLexicon(language: ReadLanguage, source: LexiconSource): Lexicon {
  const phrases: Phrase[] = [];
  for (const policy of ['flip', 'trigger', 'fixed'] as const) {
    for (const [kind, text] of Object.entries(source[policy]) as [FindingKind, string][]) {
      for (const raw of list(text)) {
        // A phrase that carries its own negation ("nicht auf meinem Konto") means what it says.
        const negated = policy !== 'fixed' && words(raw.replace(/[~?^$=!*_|]/g, ' ')).some((w) => fold(w) in source.negators);
        const phrase = compilePhrase(language, raw, kind, negated ? 'fixed' : policy);
        if (phrase) phrases.push(phrase);
      }
    }
  }
  const byWord = new Map<string, Phrase[]>();
  const loose: Phrase[] = [];
  const add = (key: string, p: Phrase) => {
    const at = byWord.get(key);
    if (at) {
      if (!at.includes(p)) at.push(p);
    } else byWord.set(key, [p]);
  };
  for (const p of phrases) {
    const first = p.slots[0]!.alternatives;
    if (first.some((a) => a.how === 'prefix' || a.how === 'contains')) {
      loose.push(p);
      continue;
    }
    for (const a of first) {
      // A spelling that folding would lose ("schön", not "schon") is looked up as written.
      add(`${a.how === 'raw' ? 'r' : 'w'}:${a.norm}`, p);
      if (a.how === 'word') add(`s:${a.stem}`, p);
    }
  }
  const fuzzy = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const only = p.slots.length === 1 ? p.slots[0]!.alternatives : [];
    if (!FUZZY_KINDS.has(p.kind) || only.length !== 1 || only[0]!.how !== 'word' || only[0]!.norm.length < FUZZY_MIN) continue;
    for (const key of [only[0]!.norm, ...deletions(only[0]!.norm)]) {
      const at = fuzzy.get(key);
      if (at) at.push(p);
      else fuzzy.set(key, [p]);
    }
  }
  const foldSet = (text: string) => new Set(list(text).flatMap(words));
  // Words that change how a sentence is read, not what it says: matched like phrases.
  const markers = (text: string) => list(text).map((h) => compilePhrase(language, h, 'neutral', 'fixed')).filter((p): p is Phrase => p !== null);
  return {
    language,
    negators: new Map(Object.entries(source.negators).map(([w, n]) => [fold(w), n])),
    negatorsAfter: new Set(source.negatorsAfter.map(fold)),
    freeOf: list(source.freeOf ?? '').map(fold),
    guards: foldSet(source.guards),
    guardsAfter: foldSet(source.guardsAfter),
    notYet: foldSet(source.notYet),
    hypothetical: markers(source.hypothetical),
    genericOpeners: markers(source.generic.openers),
    genericConditions: markers(source.generic.conditions),
    observed: markers(source.observed),
    conditional: markers(source.counterfactual.conditional),
    ifWords: markers(source.counterfactual.ifWords),
    wishes: markers(source.counterfactual.wishes),
    addressed: markers(source.counterfactual.addressed),
    phrases,
    byWord,
    loose,
    fuzzy,
    known: new Set(phrases.flatMap((p) => p.slots.flatMap((slot) => slot.alternatives.map((a) => a.norm)))),
  };
}
