/** The four languages the classifier reads (and writes its reasons in). */
export const READ_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type ReadLanguage = (typeof READ_LANGUAGES)[number];

/**
 * What a cue in a reply says. Problem kinds make a reply a complaint; the urgent ones (money,
 * law, safety, health, written before) make it urgent as well.
 */
export const PROBLEM_KINDS = [
  'damaged',
  'defective',
  'wrong-item',
  'missing',
  'not-arrived',
  'late',
  'billing',
  'return',
  'courier',
  'disappointed',
  'unanswered',
  'defect-question',
] as const;
export const URGENT_KINDS = ['money', 'legal', 'safety', 'health', 'written-before'] as const;
export const OTHER_KINDS = ['praise', 'thanks', 'all-well', 'question', 'unsubscribe', 'not-yet', 'gift', 'later', 'acknowledged', 'resolved', 'neutral', 'details'] as const;

export type ProblemKind = (typeof PROBLEM_KINDS)[number];
export type UrgentKind = (typeof URGENT_KINDS)[number];
export type FindingKind = ProblemKind | UrgentKind | (typeof OTHER_KINDS)[number];

/** One thing the classifier noticed, in the customer's own words. */
export interface Finding {
  kind: FindingKind;
  /** The customer's words around it (the clause it was found in), as they wrote them. */
  phrase: string;
  /** The words that gave it away. */
  cue: string;
  /** Language of the words that gave it away. */
  language: ReadLanguage;
  /** Index of the sentence it was found in (see `Reading.sentences`). */
  sentence: number;
  /**
   * Why a finding does not count towards the decision, when it does not: a problem that was
   * negated ("nothing broken"), said to be put right, only a hypothesis ("I was worried it
   * would be too big"), or outweighed by what follows a "but" ("the box was battered but the
   * lamp is perfect").
   */
  setAside?: 'negated' | 'resolved' | 'hypothetical' | 'outweighed';
}

export const isProblem = (kind: FindingKind): kind is ProblemKind => (PROBLEM_KINDS as readonly string[]).includes(kind);
export const isUrgent = (kind: FindingKind): kind is UrgentKind => (URGENT_KINDS as readonly string[]).includes(kind);
