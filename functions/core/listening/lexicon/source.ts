/**
 * How the word lists of a language are written. Each list is one string of phrases separated by
 * commas. A phrase is words separated by spaces; each word matches a word of the reply with the
 * same spelling (lower case, accents folded) or the same Snowball stem, so "damaged" also finds
 * "damage" and "beschädigt" finds "beschadigte". Marks on a phrase:
 *
 * - `_`        any 0–3 words ("charged _ twice" finds "charged my card twice")
 * - `a|b`      either word
 * - `word*`    any word starting so; `*word`: any word containing it (German compounds:
 *              "*fleck" finds "Wasserflecken")
 * - `=word`    that spelling only, no stem ("=fixed" is not "fix")
 * - `^phrase`  only at the start of a clause; `phrase$` only at the end of the sentence
 * - `?phrase`  only in a sentence that asks (question mark, or no full stop at all)
 * - `~phrase`  a weak cue: a problem only when nothing in the reply says it is fine, a health
 *              word only when something is wrong anyway
 */
import type { FindingKind } from '../types.ts';

export interface LexiconSource {
  /** Negating words and how many words ahead they reach ("not" 4: "not at all damaged"). */
  negators: Record<string, number>;
  /** Negating words that follow the verb they negate ("funktioniert nicht", "marche pas"). */
  negatorsAfter: string[];
  /** Words that, between a negation and a cue, keep the cue as it is ("didn't think I'd like it"). */
  guards: string;
  /**
   * Endings that make a compound free of the problem it is built on ("bruchsicher",
   * "fleckenfrei", "kratzfest", "fehlerlos"): such a word says all is well.
   */
  freeOf?: string;
  /** Words just after a negated cue that keep it as it is ("never received such a nice note"). */
  guardsAfter: string;
  /** With a negated function ("haven't had a chance to light it yet"): not yet, nothing wrong. */
  notYet: string;
  /** Words that make the rest of their clause a hypothesis ("I was worried it would be too big"). */
  hypothetical: string;
  /**
   * Questions about what a thing does in general, not about what happened to this one ("Does the
   * linen shrink in the wash?", "Will the bench rust if I leave it out?"): openers of such a
   * question (at the start of the sentence), and words of a condition of use in the cue's clause.
   */
  generic: { openers: string; conditions: string };
  /** Words that say it did happen to this one ("already", "after two washes", "did it shrink"). */
  observed: string;
  /**
   * Counterfactuals, praise that hangs on a condition that is not met ("it would be perfect if it
   * held a charge", "j'aurais aimé recevoir la bonne couleur"): conditional words that need an
   * "if" in the sentence, the "if" words, wishes that need none, and words addressing the shop
   * (a request, "it would be great if you could send the invoice", is no complaint).
   */
  counterfactual: { conditional: string; ifWords: string; wishes: string; addressed: string };
  /** Cues whose negation turns them round: "nothing broken" is all well, "not happy" unhappy. */
  flip: Partial<Record<FindingKind, string>>;
  /** Functions that are a problem only when negated: "doesn't work", "hasn't arrived", "no reply". */
  trigger: Partial<Record<FindingKind, string>>;
  /** Cues that mean the same with or without a negation in them ("no more emails", "still waiting"). */
  fixed: Partial<Record<FindingKind, string>>;
}
