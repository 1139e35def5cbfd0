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

/** The statistical backup: how much a reply reads like the complaints of the corpus. */
export type Backup = () => { logOdds: number; threshold: number; telling: string[]; sentence: string };

export function decide(findings: PlacedFinding[], backup?: Backup): Decision {
  const active = findings.filter((f) => !f.setAside);
  const of = (...kinds: string[]) => active.filter((f) => kinds.includes(f.kind));
  const problems = active.filter((f) => isProblem(f.kind));
  const urgent = active.filter((f) => isUrgent(f.kind));
  const positive = active.some((f) => REASSURING.has(f.kind));
  const strong = problems.filter((f) => !f.weak);
  const strongUrgent = urgent.filter((f) => !f.weak);
  const steps: string[] = [];
  for (const f of findings.filter((g) => g.setAside)) steps.push(`set aside (${f.setAside}): ${f.kind} “${f.cue}”`);

  const weakOnly = strong.length === 0 && strongUrgent.length === 0 && problems.length > 0;
  if (strong.length > 0 || strongUrgent.length > 0 || (weakOnly && !positive)) {
    const high = urgent.length > 0;
    steps.push(`complaint: ${[...strong, ...strongUrgent].length > 0 ? 'a problem is stated' : 'only a weak sign of a problem, and nothing says all is well'}`);
    steps.push(high ? `urgent: ${[...new Set(urgent.map((u) => u.kind))].join(', ')}` : 'not urgent: no money, law, safety or health at stake, and no earlier message mentioned');
    return { category: 'complaint', urgency: high ? 'high' : 'normal', because: [...urgent, ...strong, ...problems.filter((p) => p.weak)], steps };
  }
  if (weakOnly) steps.push('weak signs of a problem outweighed by what says all is well');

  const optOut = of('unsubscribe');
  if (optOut.length) {
    steps.push('unsubscribe: asks for no more mail, and nothing is wrong');
    return { category: 'unsubscribe', urgency: 'normal', because: optOut, steps };
  }
  const questions = of('question');
  if (questions.length) {
    steps.push('question: asks something, and nothing is wrong');
    return { category: 'question', urgency: 'normal', because: questions, steps };
  }
  const praise = of('praise', 'all-well');
  const waiting = of('not-yet', 'later');
  const gift = of('gift');
  if ((waiting.length && praise.length < 2) || (gift.length && praise.length === 0)) {
    steps.push('other: not used yet, a gift, or more to come later');
    return { category: 'other', urgency: 'normal', because: [...waiting, ...gift], steps };
  }
  if (praise.length) {
    steps.push('praise: pleased, nothing asked');
    return { category: 'praise', urgency: 'normal', because: praise, steps };
  }
  // Nothing the rules know, or only a thank-you: a reply that reads like the complaints of the
  // corpus is escalated rather than missed.
  const unsorted = active.every((f) => f.kind === 'thanks' || f.kind === 'neutral' || f.kind === 'praise') && praise.length <= 1 && !positive;
  if (backup && unsorted) {
    const b = backup();
    if (b.logOdds >= b.threshold) {
      steps.push(`complaint: nothing the word lists know, but it reads like the complaints of the corpus (log odds ${b.logOdds.toFixed(1)} ≥ ${b.threshold}; ${b.telling.join(', ')})`);
      const finding: Finding = { kind: 'disappointed', phrase: b.sentence, cue: b.telling.join(', '), language: findings[0]?.language ?? 'en', sentence: 0 };
      return { category: 'complaint', urgency: urgent.length > 0 ? 'high' : 'normal', because: [finding], steps };
    }
    steps.push(`the model agrees nothing is wrong (log odds ${b.logOdds.toFixed(1)} < ${b.threshold})`);
  }
  const ack = of('acknowledged');
  if (ack.length) {
    steps.push('other: an acknowledgement');
    return { category: 'other', urgency: 'normal', because: ack, steps };
  }
  const thanks = of('thanks');
  if (thanks.length) {
    steps.push('praise: says thank you, nothing else');
    return { category: 'praise', urgency: 'normal', because: thanks, steps };
  }
  steps.push('other: nothing to act on');
  return { category: 'other', urgency: 'normal', because: [], steps };
}
