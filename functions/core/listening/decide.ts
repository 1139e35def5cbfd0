/**
 * From findings to what a shop owner would do with the reply. Recall of problems comes first:
 * a missed problem is the worst outcome, so any problem that was not negated, hypothetical,
 * outweighed or put right makes the reply a complaint, whatever praise surrounds it.
 */
import type { PlacedFinding } from './read.ts';
import { isProblem, isUrgent, type Finding } from './types.ts';

export type ReplyCategory = 'complaint' | 'question' | 'praise' | 'unsubscribe' | 'other';

export interface Decision {
  category: ReplyCategory;
  urgency: 'normal' | 'high';
  /** The findings the decision rests on, most telling first. */
  because: Finding[];
  /** Why, step by step, for `classify --explain`. */
  steps: string[];
}

/** What keeps a weak sign of a problem ("unfortunately", "odd") from counting. */
const REASSURING = new Set(['all-well', 'not-yet', 'gift', 'later', 'acknowledged']);

/** The statistical backup (model/model.ts): how likely each category is, and its two thresholds. */
export type Backup = () => { p: Record<'complaint' | 'question' | 'praise' | 'other' | 'unsubscribe', number>; wordsLeanComplaint: boolean; wordsLeanPraise?: boolean | null; best: string; telling: string[]; override: number; unsorted: number; sentence: string };

export function decide(findings: PlacedFinding[], backup?: Backup): Decision {
  const byRules = decideByRules(findings);
  const { steps } = byRules;
  if (!backup || byRules.category === 'complaint' || byRules.category === 'unsubscribe') return byRules;
  const active = findings.filter((f) => !f.setAside);
  const urgent = active.filter((f) => isUrgent(f.kind));
  const b = backup();
  const pc = b.p.complaint;
  const asComplaint = (why: string): Decision => {
    steps.push(`complaint: ${why} (probability ${pc.toFixed(2)}; ${b.telling.join(', ') || 'no single word'})`);
    const finding: Finding = { kind: 'disappointed', phrase: b.sentence, cue: b.telling.join(', '), language: findings[0]?.language ?? 'en', sentence: 0 };
    return { category: 'complaint', urgency: urgent.length > 0 ? 'high' : 'normal', because: [finding, ...urgent], steps };
  };
  if (byRules.unsorted) {
    if (pc >= b.unsorted && b.wordsLeanComplaint) return asComplaint(`nothing the word lists know, but it reads like the complaints of the corpus, ≥ ${b.unsorted}`);
    // Between praise and other the model may tell what the lists could not; it never unsubscribes anyone.
    // Only when its words lean so: with none it knows, the corpus's odds alone decide nothing.
    if (byRules.category === 'other' && byRules.because.length === 0 && b.p.praise > b.p.other && b.wordsLeanPraise !== null) {
      steps.push(`praise: the model reads it as pleased (probability ${b.p.praise.toFixed(2)})`);
      return { ...byRules, category: 'praise', steps };
    }
    if (byRules.category === 'praise' && b.p.other > b.p.praise && b.wordsLeanPraise !== null) {
      steps.push(`other: only a thank-you, and the model reads it as a plain note (probability ${b.p.other.toFixed(2)})`);
      return { ...byRules, category: 'other', steps };
    }
    steps.push(`the model agrees nothing is wrong (probability of a complaint ${pc.toFixed(2)} < ${b.unsorted})`);
    return byRules;
  }
  if (pc >= b.override && b.wordsLeanComplaint) return asComplaint(`the rules read ${byRules.category}, but it reads strongly like the complaints of the corpus, ≥ ${b.override}`);
  return byRules;
}

/** What the word lists and sentence rules alone decide; `unsorted` when they found nothing to go on. */
function decideByRules(findings: PlacedFinding[]): Decision & { unsorted: boolean } {
  const active = findings.filter((f) => !f.setAside);
  const of = (...kinds: string[]) => active.filter((f) => kinds.includes(f.kind));
  const problems = active.filter((f) => isProblem(f.kind));
  const urgent = active.filter((f) => isUrgent(f.kind));
  const positive = active.some((f) => REASSURING.has(f.kind));
  const strong = problems.filter((f) => !f.weak);
  const strongUrgent = urgent.filter((f) => !f.weak);
  const steps: string[] = [];
  for (const f of findings.filter((g) => g.setAside)) steps.push(`set aside (${f.setAside}): ${f.kind} “${f.cue}”`);
  const sorted = (d: Decision) => ({ ...d, unsorted: false });

  const weakOnly = strong.length === 0 && strongUrgent.length === 0 && problems.length > 0;
  if (strong.length > 0 || strongUrgent.length > 0 || (weakOnly && !positive)) {
    const high = urgent.length > 0;
    steps.push(`complaint: ${[...strong, ...strongUrgent].length > 0 ? 'a problem is stated' : 'only a weak sign of a problem, and nothing says all is well'}`);
    steps.push(high ? `urgent: ${[...new Set(urgent.map((u) => u.kind))].join(', ')}` : 'not urgent: no money, law, safety or health at stake, and no earlier message mentioned');
    return sorted({ category: 'complaint', urgency: high ? 'high' : 'normal', because: [...urgent, ...strong, ...problems.filter((p) => p.weak)], steps });
  }
  if (weakOnly) steps.push('weak signs of a problem outweighed by what says all is well');

  const optOut = of('unsubscribe');
  if (optOut.length) {
    steps.push('unsubscribe: asks for no more mail, and nothing is wrong');
    return sorted({ category: 'unsubscribe', urgency: 'normal', because: optOut, steps });
  }
  // "Could you update my phone number?" is a request to note new details, not a question to answer.
  const details = of('details');
  if (details.length) {
    steps.push('other: new contact details, and nothing is wrong');
    return sorted({ category: 'other', urgency: 'normal', because: details, steps });
  }
  const questions = of('question');
  if (questions.length) {
    steps.push('question: asks something, and nothing is wrong');
    return sorted({ category: 'question', urgency: 'normal', because: questions, steps });
  }
  const praise = of('praise', 'all-well');
  const waiting = of('not-yet', 'later');
  const gift = of('gift');
  if ((waiting.length && praise.length < 2) || (gift.length && praise.length === 0)) {
    steps.push('other: not used yet, a gift, or more to come later');
    return sorted({ category: 'other', urgency: 'normal', because: [...waiting, ...gift], steps });
  }
  // Nothing the rules know, or only a thank-you: the model has its say.
  const unsorted = active.every((f) => f.kind === 'thanks' || f.kind === 'neutral');
  if (praise.length) {
    steps.push('praise: pleased, nothing asked');
    return { category: 'praise', urgency: 'normal', because: praise, steps, unsorted };
  }
  const ack = of('acknowledged');
  if (ack.length) {
    steps.push('other: an acknowledgement');
    return { category: 'other', urgency: 'normal', because: ack, steps, unsorted };
  }
  const thanks = of('thanks');
  if (thanks.length) {
    steps.push('praise: says thank you, nothing else');
    return { category: 'praise', urgency: 'normal', because: thanks, steps, unsorted };
  }
  steps.push('other: nothing to act on');
  return { category: 'other', urgency: 'normal', because: [], steps, unsorted };
}
