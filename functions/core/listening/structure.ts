/**
 * What the shape of a reply says, in any of the four languages, where the words of a problem
 * are ones no list knows. Each adds a weak sign of a problem (it counts unless something in the
 * reply says all is well, see decide.ts), quoting the customer:
 *
 * - *praise, then "but"*: "Lovely, but the drawer sticks", "Sieht toll aus, hält aber nicht",
 *   "Todo muy bonito, pero ¿dónde está la segunda silla?": what follows the "but" is the point
 *   when nothing good, settling, not yet done or genuinely asked comes after it (asking where a
 *   thing is or why, after the "but", is a sign that outweighs an "all fine" before it);
 * - *ordered one thing, got another*: "Bestellt: Größe 40. Geliefert: Größe 36.", "I ordered a
 *   12 and got an 8": the words after "ordered" and after "got" differ where they should match;
 * - *scare quotes*: the "waterproof" jacket, the « solid oak » shelf: a claim of the listing put
 *   in quotation marks is doubted;
 * - *waiting since the order*: "J'ai commandé il y a 3 semaines", "pedí hace diez días" with
 *   nothing good said.
 *
 * Linear scans over the tokens only; the quotation marks are found in one pass over the text.
 */
import type { PlacedFinding } from './read.ts';
import { clip, type Sentence, type Token } from './text.ts';
import { isProblem, isUrgent, type FindingKind, type ReadLanguage } from './types.ts';

/** Kinds that, after a "but", say it ended well or is about something else. */
const SETTLING = new Set<FindingKind>(['praise', 'all-well', 'thanks', 'not-yet', 'later', 'gift', 'resolved', 'unsubscribe', 'details', 'neutral', 'acknowledged']);
/** A question after a "but" that asks where a thing is or why: something is wrong. */
const WHERE_WHY = new Set(['where', 'why', 'wo', 'warum', 'wieso', 'weshalb', 'ou', 'pourquoi', 'donde', 'por', 'porque']);
const NEGATIONS = new Set(['not', 'nicht', 'nich', 'pas', 'no']);
const YET = new Set(['yet', 'noch', 'encore', 'todavia', 'aun']);
/** "Nothing but …": the contrast word means "only". */
const ONLY_BEFORE = new Set(['nothing', 'nichts', 'rien', 'nada', 'anything']);
/** Said well of the order, anywhere in the reply: the shape alone is no problem then. */
const GOOD = new Set<FindingKind>(['praise', 'all-well', 'resolved', 'acknowledged']);

const ORDERED = new Set(['ordered', 'order', 'bought', 'asked', 'chose', 'bestellt', 'bestellte', 'gekauft', 'commande', 'commandee', 'commandes', 'achete', 'pedi', 'pedido', 'pedimos', 'compre', 'encargue']);
const GOT = new Set([
  'got', 'received', 'sent', 'delivered', 'came', 'arrived', 'geliefert', 'bekommen', 'erhalten', 'kam', 'gekommen', 'geschickt',
  'recu', 'recue', 'livre', 'livree', 'envoye', 'arrive', 'arrivee', 'recibi', 'recibido', 'llego', 'enviaron', 'mandaron', 'enviado',
]);
/** Words that open a date or a place rather than the thing itself ("ordered on Monday"). */
const NOT_THE_THING = new Set(['on', 'at', 'in', 'from', 'yesterday', 'today', 'last', 'am', 'im', 'vor', 'gestern', 'heute', 'letzte', 'le', 'en', 'hier', 'il', 'depuis', 'el', 'hace', 'ayer', 'hoy', 'desde', 'it', 'es', 'lo', 'la', 'me', 'mir', 'them', 'sie']);
const FILLER = new Set(['a', 'an', 'the', 'one', 'ein', 'eine', 'einen', 'der', 'die', 'das', 'den', 'un', 'une', 'le', 'la', 'les', 'du', 'des', 'de', 'el', 'los', 'las', 'una', 'uno', 'unos', 'unas', 'my', 'mein', 'meine', 'mon', 'ma', 'mes', 'mi', 'mis', 'i', 'ich', 'j', 'je', 'yo', 'me', 'you', 'ihr', 'sie', 'vous', 'me', 'but', 'and', 'y', 'und', 'et', 'aber', 'mais', 'pero', 'for', 'instead', 'only', 'nur', 'que', 'solo']);

const TIME_UNITS = new Set(['days', 'weeks', 'week', 'month', 'months', 'fortnight', 'tage', 'tagen', 'woche', 'wochen', 'monat', 'monaten', 'jours', 'semaine', 'semaines', 'mois', 'dias', 'semana', 'semanas', 'mes', 'meses']);
const COUNTS = new Set(['two', 'three', 'four', 'five', 'six', 'ten', 'several', 'zwei', 'drei', 'vier', 'funf', 'sechs', 'zehn', 'mehreren', 'deux', 'trois', 'quatre', 'cinq', 'six', 'dix', 'plusieurs', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'diez', 'varias', 'varios', 'a', 'one', 'einem', 'einer', 'un', 'une', 'una', 'uno']);

const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those', 'a', 'an', 'my', 'your', 'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'diese', 'dieser', 'dieses', 'diesen', 'mein', 'meine', 'le', 'la', 'les', 'ce', 'cet', 'cette', 'ces', 'un', 'une', 'mon', 'ma', 'el', 'los', 'las', 'este', 'esta', 'estos', 'estas', 'una', 'mi']);
const QUOTED = /["“„«‚]\s?([\p{Ll}][\p{Ll}\p{N}'’-]*(?: [\p{Ll}\p{N}'’-]+){0,2})\s?["”“»‘]/gu;

export function readStructure(text: string, all: Sentence[], findings: PlacedFinding[], language: ReadLanguage): void {
  const active = findings.filter((f) => !f.setAside);
  if (active.some((f) => isProblem(f.kind) || isUrgent(f.kind))) return;
  const sign = (sentence: number, from: Token, to: Token, cue: string, kind: FindingKind = 'disappointed', weak = true): void => {
    findings.push({ kind, phrase: clip(text.slice(from.start, to.end)), cue, language, sentence, at: sentence * 100_000 + all[sentence]!.tokens.indexOf(from), clause: from.clause, weak });
  };
  const but = praiseThenBut(all, active);
  // "Alles prima, aber wo sind die Deckel?": asking where a thing is after the "but" outweighs the "alles prima".
  if (but) return sign(but.sentence, but.from, but.to, but.from.raw, 'disappointed', !but.strong);
  const mismatch = orderedButGot(all, active.some((f) => GOOD.has(f.kind) || f.kind === 'thanks'));
  if (mismatch) return sign(mismatch.sentence, mismatch.from, mismatch.to, `${mismatch.from.raw} … ${mismatch.got.raw}`, 'wrong-item');
  const quoted = scareQuote(text, all);
  if (quoted) return sign(quoted.sentence, quoted.from, quoted.to, quoted.cue);
  if (active.some((f) => GOOD.has(f.kind) || f.kind === 'not-yet' || f.kind === 'later' || f.kind === 'gift')) return;
  const waiting = sinceOrdered(all);
  if (waiting) sign(waiting.sentence, waiting.from, waiting.to, waiting.cue, 'late');
}

interface Span {
  sentence: number;
  from: Token;
  to: Token;
}

/** Said well before a contrast, for the "praise, then but" rule. */
const PRAISED = new Set<FindingKind>(['praise', 'all-well']);

/**
 * Each contrast ("but", "aber", "pero") with something good said before it, nothing settling
 * after it, and three words or more from it on (the contrast word first). The rule here and the
 * model's `+good-but` (model/shape.ts) read the same turn, each with its own sets of kinds.
 */
export function* turnsAfterGood(all: Sentence[], active: readonly PlacedFinding[], good: ReadonlySet<FindingKind>, settling: ReadonlySet<FindingKind>): Generator<{ sentence: number; rest: Token[] }> {
  for (let si = 0; si < all.length; si++) {
    const s = all[si]!;
    for (const c of s.contrasts.keys()) {
      if (!active.some((f) => good.has(f.kind) && (f.sentence < si || (f.sentence === si && c > 0 && f.clause < c)))) continue;
      const rest = s.tokens.filter((t) => t.clause >= c);
      if (rest.length < 3) continue;
      if (active.some((f) => settling.has(f.kind) && (f.sentence > si || (f.sentence === si && f.clause >= c)))) continue;
      yield { sentence: si, rest };
    }
  }
}

function praiseThenBut(all: Sentence[], active: PlacedFinding[]): (Span & { strong: boolean }) | null {
  for (const { sentence: si, rest } of turnsAfterGood(all, active, PRAISED, SETTLING)) {
    const s = all[si]!;
    // "Nothing but good things to say", "rien que du bonheur": "but" meaning "only".
    const k = s.tokens.indexOf(rest[0]!);
    if (k > 0 && ONLY_BEFORE.has(s.tokens[k - 1]!.norm)) continue;
    const asksWhere = WHERE_WHY.has(rest[0]!.norm) || WHERE_WHY.has(rest[1]?.norm ?? '');
    if (s.asked && !asksWhere) continue;
    // "… but I haven't hung it yet": not used yet, whatever the verb.
    if (rest.some((t) => NEGATIONS.has(t.norm)) && rest.some((t) => YET.has(t.norm))) continue;
    // The quote starts after the contrast word: "the drawer sticks", not "but the drawer sticks".
    return { sentence: si, from: rest[1] ?? rest[0]!, to: s.tokens[s.tokens.length - 1]!, strong: s.asked && asksWhere };
  }
  return null;
}

/** The few words that name what was ordered or got, after the verb (articles and pronouns left out). */
function thing(tokens: Token[], at: number): { words: string[]; end: Token } | null {
  const words: string[] = [];
  let end = tokens[at]!;
  let clause = -1;
  for (let k = at + 1; k < tokens.length && k <= at + 5 && words.length < 3; k++) {
    const t = tokens[k]!;
    if (words.length === 0 && NOT_THE_THING.has(t.norm)) return null;
    // The thing ends with its clause ("size 10, fits perfectly"); "Ordered: size 10" starts one.
    if (words.length > 0 && t.clause !== clause) break;
    if (GOT.has(t.norm) || ORDERED.has(t.norm)) break;
    if (FILLER.has(t.norm)) continue;
    words.push(t.norm);
    clause = t.clause;
    end = t;
  }
  return words.length ? { words, end } : null;
}

const numbers = (words: string[]) => words.filter((w) => /^\d+$/.test(w));

function orderedButGot(all: Sentence[], good: boolean): (Span & { got: Token }) | null {
  const placed = all.flatMap((s, si) => s.tokens.map((t, i) => ({ t, i, si })));
  const ordered = placed.filter((p) => ORDERED.has(p.t.norm));
  const gotten = placed.filter((p) => GOT.has(p.t.norm));
  for (const o of ordered) {
    const want = thing(all[o.si]!.tokens, o.i);
    if (!want) continue;
    const n1 = numbers(want.words);
    // Either order: "I ordered a 12 and got an 8", "you sent the black ones, I asked for white".
    for (const g of gotten.filter((p) => Math.abs(p.si - o.si) <= 1 && !(p.si === o.si && p.i === o.i))) {
      const got = thing(all[g.si]!.tokens, g.i);
      if (!got) continue;
      const shared = want.words.filter((w) => got.words.includes(w));
      const differ = want.words.some((w) => !got.words.includes(w)) && got.words.some((w) => !want.words.includes(w));
      const n2 = numbers(got.words);
      // Nothing in common counts only when nothing good is said ("ordered the lamp, got a lovely note").
      const apart = shared.length === 0 && !good;
      if ((shared.length > 0 && differ) || apart || (n1.length > 0 && n2.length > 0 && n1.join() !== n2.join())) {
        // Quoted whole, from the first verb to the end of the second thing, in whichever order they came.
        const first = g.si < o.si || (g.si === o.si && g.i < o.i) ? g : o;
        const last = first === o ? got.end : want.end;
        return { sentence: first.si, from: first.t, to: last, got: g.t };
      }
    }
  }
  return null;
}

function scareQuote(text: string, all: Sentence[]): (Span & { cue: string }) | null {
  for (const m of text.matchAll(QUOTED)) {
    const at = m.index!;
    // A quote that opens a sentence is speech ("“Out for delivery” since Tuesday"), not a doubt.
    const si = all.findIndex((s) => s.start <= at && at < s.end);
    if (si < 0) continue;
    const s = all[si]!;
    const inside = s.tokens.filter((t) => t.start > at && t.end <= at + m[0].length);
    const before = s.tokens.filter((t) => t.end <= at);
    const after = s.tokens.filter((t) => t.start >= at + m[0].length);
    // Inside a noun phrase: "the “waterproof” jacket", "la veste « imperméable » prend l'eau";
    // not a name or a word asked about ("lighter than “porcelain”?").
    const determined = DETERMINERS.has(before[before.length - 1]?.norm ?? '') || DETERMINERS.has(before[before.length - 2]?.norm ?? '');
    if (!inside.length || !before.length || !after.length || !determined) continue;
    return { sentence: si, from: before[before.length - 1]!, to: s.tokens[s.tokens.length - 1]!, cue: m[0].trim() };
  }
  return null;
}

function sinceOrdered(all: Sentence[]): (Span & { cue: string }) | null {
  for (let si = 0; si < all.length; si++) {
    const { tokens } = all[si]!;
    const o = tokens.findIndex((t) => ORDERED.has(t.norm));
    if (o < 0) continue;
    const unit = tokens.findIndex((t, i) => i > 0 && TIME_UNITS.has(t.norm) && (/^\d+$/.test(tokens[i - 1]!.norm) || COUNTS.has(tokens[i - 1]!.norm) || tokens[i - 1]!.norm === 'a' || t.norm === 'fortnight'));
    if (unit < 0 || Math.abs(unit - o) > 6) continue;
    const days = /^\d+$/.test(tokens[unit - 1]!.norm) ? Number(tokens[unit - 1]!.norm) : 2;
    if (/^(days|tage|tagen|jours|dias)$/.test(tokens[unit]!.norm) && days < 7) continue;
    const a = Math.min(o, unit - 1);
    const b = Math.max(o, unit);
    return { sentence: si, from: tokens[a]!, to: tokens[b]!, cue: `${tokens[o]!.raw} … ${tokens[unit - 1]!.raw} ${tokens[unit]!.raw}` };
  }
  return null;
}
