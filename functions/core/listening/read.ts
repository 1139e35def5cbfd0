/**
 * Reading a reply sentence by sentence in one language: which cues are there, and what the
 * sentence does to them. A negation reaches a few words ahead within its clause ("nothing
 * broken", "not disappointed at all"), or just behind in German and French ("funktioniert
 * nicht"); a function that is negated is a problem ("doesn't close", "hasn't arrived"); a
 * hypothesis is no fact ("I was worried it would be too big"); what follows a "but" outweighs a
 * slow delivery or a battered box before it; a problem put right is no longer a problem.
 */
import { OWN_STOP_WORDS, stem } from './stem.ts';
import { deletions, type Lexicon, type Phrase } from './lexicon/compile.ts';
import { readStructure } from './structure.ts';
import { clip, CONTRAST_WORDS, type Sentence, type Token } from './text.ts';
import { isProblem, isUrgent, type Finding, type FindingKind } from './types.ts';

/** A finding with where it stood, for the rules that look at order. */
export interface PlacedFinding extends Finding {
  at: number;
  clause: number;
  weak: boolean;
}

interface Match {
  phrase: Phrase;
  start: number;
  end: number;
}

const MAX_GAP = 4;

function slotMatches(lexicon: Lexicon, slot: Phrase['slots'][number], token: Token): boolean {
  for (const a of slot.alternatives) {
    switch (a.how) {
      case 'exact':
        if (token.norm === a.norm) return true;
        break;
      case 'raw':
        if (token.raw.toLowerCase() === a.norm) return true;
        break;
      case 'prefix':
        if (token.norm.startsWith(a.norm)) return true;
        break;
      case 'contains':
        if (a.norm.length >= 4 && token.norm.includes(a.norm)) return true;
        break;
      default:
        if (token.norm === a.norm || stem(lexicon.language, token.norm) === a.stem) return true;
    }
  }
  return false;
}

/** Where a phrase starting at `i` ends (exclusive), or -1. Gaps try the shortest fit first. */
function matchAt(lexicon: Lexicon, phrase: Phrase, tokens: Token[], i: number, slot = 0): number {
  if (slot === phrase.slots.length) return i;
  const s = phrase.slots[slot]!;
  if (s.gap) {
    for (let skip = 0; skip <= MAX_GAP && i + skip <= tokens.length; skip++) {
      const end = matchAt(lexicon, phrase, tokens, i + skip, slot + 1);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (i >= tokens.length || !slotMatches(lexicon, s, tokens[i]!)) return -1;
  return matchAt(lexicon, phrase, tokens, i + 1, slot + 1);
}

function findMatches(lexicon: Lexicon, sentence: Sentence, asked: boolean, phrases: 'all' | Phrase[]): Match[] {
  const { tokens } = sentence;
  const out: Match[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const candidates =
      phrases === 'all'
        ? new Set([...(lexicon.byWord.get(`w:${t.norm}`) ?? []), ...(lexicon.byWord.get(`s:${stem(lexicon.language, t.norm)}`) ?? []), ...(lexicon.byWord.get(`r:${t.raw.toLowerCase()}`) ?? []), ...lexicon.loose])
        : phrases;
    const clauseStart = i === 0 || tokens[i - 1]!.clause !== t.clause;
    for (const phrase of candidates) {
      if (phrase.atStart && !clauseStart) continue;
      if (phrase.askedOnly && !sentence.asked) continue;
      // A question's opening word asks only in a sentence that asks, or that starts with it and
      // has no full stop ("how do i descale the kettle").
      if (phrase.kind === 'question' && phrase.atStart && !sentence.asked && !(asked && i === 0)) continue;
      const end = matchAt(lexicon, phrase, tokens, i);
      if (end < 0) continue;
      if (phrase.atEnd && end !== tokens.length) continue;
      out.push({ phrase, start: i, end });
    }
    if (phrases === 'all') out.push(...misspelt(lexicon, t, i, candidates as Set<Phrase>));
  }
  return out;
}

/**
 * A misspelt cue of a problem: a long word with one letter left out ("brokn" → broken,
 * "damagd" → damaged) or two neighbours swapped ("recieved"), starting with the same letter.
 * Changed letters are not taken: too many real words are one letter from a cue ("pedido" and
 * "perdido", "suelo" and "suelto"). Words the lexicon or the language knows are never taken.
 */
function misspelt(lexicon: Lexicon, t: Token, i: number, exact: Set<Phrase>): Match[] {
  const w = t.norm;
  if (w.length < 6 || w.length > 20 || /\d/.test(w) || exact.size > 0 || OWN_STOP_WORDS[lexicon.language].has(w) || lexicon.known.has(w)) return [];
  const found = new Set<Phrase>();
  for (const key of [w, ...deletions(w)]) {
    for (const p of lexicon.fuzzy.get(key) ?? []) {
      const target = p.slots[0]!.alternatives[0]!.norm;
      if (target[0] === w[0] && (oneLeftOut(w, target) || swapped(w, target))) found.add(p);
    }
  }
  return [...found].map((phrase) => ({ phrase, start: i, end: i + 1 }));
}

const oneLeftOut = (w: string, target: string) => w.length === target.length - 1 && deletions(target).includes(w);

function swapped(w: string, target: string): boolean {
  if (w.length !== target.length || w.length < 7) return false;
  let i = 0;
  while (i < w.length && w[i] === target[i]) i++;
  return i < w.length - 1 && w[i] === target[i + 1] && w[i + 1] === target[i] && w.slice(i + 2) === target.slice(i + 2);
}

/** The customer's words of the clause a cue stood in (the sentence, if the clause is short). */
function quote(text: string, sentence: Sentence, at: number): string {
  const { tokens } = sentence;
  const clause = tokens[at]!.clause;
  let a = at;
  let b = at;
  while (a > 0 && tokens[a - 1]!.clause === clause) a--;
  while (b < tokens.length - 1 && tokens[b + 1]!.clause === clause) b++;
  // The clause without the word that turned it ("but the shade arrived dented" → "the shade …").
  while (a < at && CONTRAST_WORDS.has(tokens[a]!.norm)) a++;
  if (b - a < 3) return clip(sentence.text);
  return clip(text.slice(tokens[a]!.start, tokens[b]!.end));
}

/** True when the sentence asks: a question mark, or no full stop or exclamation mark at all. */
export function asks(text: string, sentence: Sentence): boolean {
  if (sentence.asked) return true;
  const last = text.slice(sentence.start, sentence.end).trimEnd().slice(-1);
  return !['.', '!', '…'].includes(last) && /[\p{L}\p{N}]/u.test(last);
}

export function readSentences(text: string, all: Sentence[], lexicon: Lexicon): PlacedFinding[] {
  const findings: PlacedFinding[] = [];
  all.forEach((sentence, si) => {
    const before = findings.length;
    const { tokens } = sentence;
    const asked = asks(text, sentence);
    const matches = findMatches(lexicon, sentence, asked, 'all');
    const fixed = matches.filter((m) => m.phrase.policy === 'fixed');
    // A cue inside a set phrase is part of it: "no problem", "not a mark on it", "not used yet".
    const inside = (m: Match) => fixed.some((f) => f.start < m.end && m.start < f.end);
    // Of two set phrases over the same words the longer one counts ("noch nicht ausgepackt" is
    // not yet, not "noch nicht" not arrived; "aucune raison de s'inquiéter" is all well, not
    // "mais aucune" missing).
    const shadowed = (m: Match) => fixed.some((f) => f !== m && f.start < m.end && m.start < f.end && f.end - f.start > m.end - m.start);
    const consumed = new Set<number>();
    for (const f of fixed) for (let k = f.start; k < f.end; k++) consumed.add(k);
    const hypotheses = findMatches(lexicon, sentence, asked, lexicon.hypothetical);

    const negatedBefore = (m: Match) => {
      const clause = tokens[m.start]!.clause;
      for (let n = m.start - 1; n >= 0 && tokens[n]!.clause === clause; n--) {
        const reach = lexicon.negators.get(tokens[n]!.norm);
        if (reach === undefined || consumed.has(n)) continue;
        if (m.start - n > reach) continue;
        let guarded = false;
        for (let g = n + 1; g < m.start; g++) if (lexicon.guards.has(tokens[g]!.norm)) guarded = true;
        for (let g = m.end; g < Math.min(tokens.length, m.end + 3); g++) if (lexicon.guardsAfter.has(tokens[g]!.norm)) guarded = true;
        if (!guarded) return tokens[n]!.raw;
      }
      return null;
    };
    const negatedAfter = (m: Match) => {
      const clause = tokens[m.start]!.clause;
      for (let n = m.end; n < Math.min(tokens.length, m.end + 2); n++) {
        if (tokens[n]!.clause !== clause) break;
        // "arrivé bien plus tôt": a comparison, no negation.
        if (lexicon.negatorsAfter.has(tokens[n]!.norm) && !consumed.has(n) && !lexicon.guardsAfter.has(tokens[n + 1]?.norm ?? '')) return tokens[n]!.raw;
      }
      return null;
    };
    // A hypothesis reaches over commas ("I was worried, when I ordered, that it would be too big")
    // up to the next contrast ("… but it isn't").
    const hypothetical = (m: Match) =>
      hypotheses.some((h) => {
        if (h.start >= m.start) return false;
        for (const c of sentence.contrasts.keys()) if (c > tokens[h.start]!.clause && c <= tokens[m.start]!.clause) return false;
        return true;
      });
    // "Schrecklich schön", "terribly nice": a word of disappointment just before praise only
    // says how much.
    const intensifies = (m: Match) =>
      m.phrase.kind === 'disappointed' && m.end - m.start === 1 &&
      matches.some((o) => o.phrase.kind === 'praise' && o.start === m.end && tokens[o.start]!.clause === tokens[m.start]!.clause);
    const clauseHas = (m: Match, words: Set<string>) => tokens.some((t) => t.clause === tokens[m.start]!.clause && words.has(t.norm));

    for (const m of matches) {
      if (m.phrase.policy !== 'fixed' ? inside(m) : shadowed(m)) continue;
      const cue = text.slice(tokens[m.start]!.start, tokens[m.end - 1]!.end);
      const base = { phrase: quote(text, sentence, m.start), language: lexicon.language, sentence: si, at: si * 100_000 + m.start, clause: tokens[m.start]!.clause, weak: m.phrase.weak };
      const add = (kind: FindingKind, extra: Partial<Finding> = {}, cueText = cue) => findings.push({ ...base, kind, cue: cueText, ...extra });
      const { kind, policy } = m.phrase;
      if (policy === 'fixed') {
        // "Is it normal to oil the board?", "¿Es normal tener que lavarla?", "what happens if it
        // ever stops": asking about a care step or a case to come, not about a fault.
        if (kind === 'defect-question' && asksAboutAStep(tokens, m.end)) add(kind, { setAside: 'hypothetical' });
        else add(kind);
        continue;
      }
      const negation = negatedBefore(m) ?? negatedAfter(m);
      if (policy === 'trigger') {
        if (!negation) continue;
        // "Haven't had a chance to light it yet": not yet, nothing wrong (arrival and answers excepted).
        if (kind === 'defective' && clauseHas(m, lexicon.notYet)) add('not-yet', {}, `${negation} … ${cue}`);
        // "I was worried it might not fit": a fear, not a fact.
        else if (hypothetical(m)) add(kind, { setAside: 'hypothetical' }, `${negation} … ${cue}`);
        else add(kind, {}, `${negation} … ${cue}`);
        continue;
      }
      if (!negation && intensifies(m)) continue;
      if (isProblem(kind) && freeOf(lexicon, m, tokens)) {
        add(kind, { setAside: 'negated' });
        add('all-well');
        continue;
      }
      if (kind === 'praise') {
        if (negation) add('disappointed', {}, `${negation} … ${cue}`);
        else add('praise');
        continue;
      }
      if (negation) {
        add(kind, { setAside: 'negated' }, `${negation} … ${cue}`);
        add('all-well', {}, `${negation} … ${cue}`);
      } else if ((isProblem(kind) || m.phrase.weak) && hypothetical(m)) {
        add(kind, { setAside: 'hypothetical' });
      } else add(kind);
    }
    const own = findings.slice(before);
    if (asked) setAsideGeneric(lexicon, sentence, own);
    const counterfactual = readCounterfactual(lexicon, text, sentence, own);
    if (counterfactual) findings.push({ ...counterfactual, sentence: si, at: si * 100_000 });
    if (sentence.asked) findings.push({ kind: 'question', phrase: clip(sentence.text), cue: sentence.text.trim().slice(-1) === '?' ? '?' : 'asks', language: lexicon.language, sentence: si, at: si * 100_000 + tokens.length, clause: 0, weak: false });
  });
  weighContrasts(all, findings);
  readStructure(text, all, findings, lexicon.language);
  settleResolved(findings);
  return findings;
}

/**
 * A compound that is free of the problem it is built on ("bruchsicher", "Fleckenfrei",
 * "fehlerlos"): the cue stands in the word before such an ending, never in the ending alone
 * ("unsicher" is unsafe).
 */
function freeOf(lexicon: Lexicon, m: Match, tokens: Token[]): boolean {
  if (m.end - m.start !== 1) return false;
  const token = tokens[m.start]!;
  for (const ending of lexicon.freeOf) {
    if (token.norm.length < ending.length + 4 || !token.norm.endsWith(ending)) continue;
    if (slotMatches(lexicon, m.phrase.slots[0]!, { ...token, norm: token.norm.slice(0, -ending.length) })) return true;
  }
  return false;
}

/** After "is it normal": a step of care or a case to come ("… to oil it", "… de devoir", "… if"). */
const ASKS_ABOUT_A_STEP = new Set(['to', 'zu', 'de', 'tener', 'if', 'wenn', 'falls', 'si', 'when', 'quand', 'cuando']);

/**
 * After "is it normal": a step of care or a case to come, not a fault. German puts the step at
 * the end ("Ist es normal, die Pfanne einzubrennen?"), unless "dass" says what happened.
 */
function asksAboutAStep(tokens: Token[], end: number): boolean {
  if (ASKS_ABOUT_A_STEP.has(tokens[end]?.norm ?? '')) return true;
  const rest = tokens.slice(end);
  if (rest.some((t) => t.norm === 'dass')) return false;
  return rest.some((t, i) => /^\p{L}{2,}zu\p{L}{2,}en$/u.test(t.norm) || (t.norm === 'zu' && /en$/.test(rest[i + 1]?.norm ?? '')));
}

/** What a thing is or does: a question about these can be a question about things in general. */
const PROPERTY_KINDS = new Set<FindingKind>(['damaged', 'defective', 'safety', 'health']);

/** A French question with the subject after the verb ("se raye-t-il", "rétrécissent-ils"). */
const INVERTED = /-(?:t-)?(?:il|ils|elle|elles|on)\b/i;

/**
 * "Does the linen shrink in the wash?", "Verkratzt das Leder leicht?", "Le banc va-t-il rouiller
 * s'il reste dehors ?": a question about what a thing does in general (a yes/no question about
 * the thing, or a condition of use in the cue's clause) is no report of damage, unless something
 * in the sentence says it did happen ("already", "after two washes", "did it shrink") or it asks
 * whether something is wrong ("is it normal that …").
 */
function setAsideGeneric(lexicon: Lexicon, sentence: Sentence, own: PlacedFinding[]): void {
  const candidates = own.filter((f) => !f.setAside && PROPERTY_KINDS.has(f.kind));
  if (candidates.length === 0) return;
  if (own.some((f) => !f.setAside && f.kind === 'defect-question')) return;
  if (findMatches(lexicon, sentence, true, lexicon.observed).length > 0) return;
  const { tokens } = sentence;
  const opened = findMatches(lexicon, sentence, true, lexicon.genericOpeners).some((m) => m.start === 0) || INVERTED.test(sentence.text);
  const conditions = new Set(findMatches(lexicon, sentence, true, lexicon.genericConditions).map((m) => tokens[m.start]!.clause));
  for (const f of candidates) {
    const at = f.at % 100_000;
    // German asks yes or no with the verb first: "Schrumpft die Wolle …?"
    const verbFirst = lexicon.language === 'de' && at === 0 && sentence.asked;
    if ((opened && f.clause === 0) || verbFirst || conditions.has(f.clause)) f.setAside = 'hypothetical';
  }
}

/**
 * "It would be perfect if it held a charge", "Ich würde den Stuhl lieben, wenn er nicht knarzen
 * würde", "J'aurais aimé recevoir la bonne couleur": praise that hangs on a condition that is not
 * met says what is wrong. The praise is set aside, a problem negated inside the condition counts
 * ("if it didn't creak" means it creaks), and the sentence itself is the finding. A request to
 * the shop ("it would be great if you could send the invoice") is none.
 */
function readCounterfactual(lexicon: Lexicon, text: string, sentence: Sentence, own: PlacedFinding[]): Omit<PlacedFinding, 'sentence' | 'at'> | null {
  const find = (phrases: Phrase[]) => findMatches(lexicon, sentence, true, phrases);
  // Cheapest first: most sentences have no wish and no praise.
  const wish = find(lexicon.wishes)[0];
  const praised = own.some((f) => (f.kind === 'praise' || f.setAside === 'negated') && f.kind !== 'all-well');
  const conditional = wish || !praised ? undefined : find(lexicon.conditional)[0];
  const ifWord = wish || conditional ? find(lexicon.ifWords)[0] : undefined;
  const marker = wish ?? (conditional && ifWord && own.some((f) => f.kind === 'praise' || (f.setAside === 'negated' && f.at % 100_000 > ifWord.start)) ? conditional : undefined);
  if (!marker || find(lexicon.addressed).length > 0) return null;
  const { tokens } = sentence;
  const condition = ifWord ? ifWord.start : -1;
  for (const f of own) {
    if (f.kind === 'praise' || f.kind === 'all-well') f.setAside = 'hypothetical';
    else if (condition >= 0 && f.at % 100_000 > condition && f.setAside === 'negated') delete f.setAside;
  }
  const cue = text.slice(tokens[marker.start]!.start, tokens[marker.end - 1]!.end);
  return { kind: 'disappointed', phrase: clip(sentence.text), cue, language: lexicon.language, clause: tokens[marker.start]!.clause, weak: false };
}

const PACKAGING = new Set([
  'box', 'boxes', 'packaging', 'package', 'parcel', 'outer', 'carton', 'wrapping', 'packing',
  'karton', 'verpackung', 'paket', 'schachtel', 'aussenkarton', 'umkarton',
  'colis', 'emballage', 'boite', 'caja', 'embalaje', 'paquete',
]);

/**
 * "The box was battered but the lamp itself is perfect", "took a while, but worth the wait":
 * a slow delivery or a damaged outer box is outweighed by praise that follows a contrast, in
 * the same sentence or at the start of the next. A damaged or faulty product never is.
 */
function weighContrasts(all: Sentence[], findings: PlacedFinding[]): void {
  for (const f of findings) {
    if (f.setAside || !(f.kind === 'late' || f.kind === 'damaged')) continue;
    const sentence = all[f.sentence]!;
    if (f.kind === 'damaged' && !sentence.tokens.some((t) => t.clause === f.clause && PACKAGING.has(t.norm))) continue;
    const later = [...sentence.contrasts.keys()].filter((c) => c > f.clause);
    const next = all[f.sentence + 1];
    const region = (g: PlacedFinding) =>
      (g.sentence === f.sentence && later.length > 0 && g.clause >= Math.min(...later)) ||
      (later.length === 0 && next !== undefined && next.contrasts.has(0) && g.sentence === f.sentence + 1);
    const after = findings.filter((g) => !g.setAside && region(g));
    const good = after.some((g) => g.kind === 'praise' || g.kind === 'all-well');
    const bad = after.some((g) => isProblem(g.kind) || isUrgent(g.kind));
    if (good && !bad) f.setAside = 'outweighed';
  }
}

/** A problem the customer says was put right ("Tom sorted it out") no longer counts. */
function settleResolved(findings: PlacedFinding[]): void {
  for (const r of findings.filter((f) => f.kind === 'resolved' && !f.setAside)) {
    const laterProblem = findings.some((f) => !f.setAside && f.sentence > r.sentence && isProblem(f.kind) && f.kind !== 'return');
    if (laterProblem) continue;
    for (const f of findings) if (!f.setAside && isProblem(f.kind) && f.sentence <= r.sentence) f.setAside = 'resolved';
  }
}
