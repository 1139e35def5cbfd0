/**
 * Why a reply came to a person, in plain words of the store's language. The one place notices,
 * digests and the console take their reasons from: the classifier's findings said in that
 * language (its `describe`), or, for a reply kept before findings were (an older escalation),
 * its reasons as they were stored ("problem: dented (en)" → "says “dented”").
 */
import type { Category, Finding } from '../classify.ts';
// Straight from their modules: the classify barrel would bring the whole classifier along.
import { describe } from '../../listening/describe.ts';
import { isProblem, isUrgent } from '../../listening/types.ts';
import type { Language } from '../store.ts';
import { staffWords, type ReasonLabel } from './staff-words.ts';

const LABELS: Array<[RegExp, ReasonLabel]> = [
  [/^problem$/i, 'problem'],
  [/^unhappy$/i, 'unhappy'],
  [/^urgent$/i, 'urgent'],
  [/^pleased$/i, 'pleased'],
  [/^opt-out$/i, 'opt-out'],
  [/^(auto-reply|bounce)$/i, 'automatic'],
];

function quoted(text: string, language: Language): string {
  switch (language) {
    case 'de':
      return `„${text}“`;
    case 'fr':
      return `« ${text} »`;
    case 'es':
      return `«${text}»`;
    default:
      return `“${text}”`;
  }
}

/** One reason in words; the classifier's own text when it is not one we know. */
function describeOne(reason: string, language: Language): string {
  const words = staffWords(language).reason;
  if (/^asks a question/i.test(reason)) return words.question;
  if (/capitals|exclamation/i.test(reason)) return words.shouting;
  if (/^nothing written|^no problem, question/i.test(reason)) return words.nothing;
  const match = /^([a-z-]+):\s*(.+?)(?:\s+\((?:en|de|fr|es)\))?$/i.exec(reason.trim());
  if (!match) return reason;
  const label = LABELS.find(([pattern]) => pattern.test(match[1]!))?.[1];
  if (!label) return reason;
  if (label === 'opt-out' || label === 'automatic') return words[label];
  return `${words[label]} ${quoted(match[2]!, language)}`;
}

/** The reasons in words, without repeats, at most `limit` of them. */
export function describeReasons(reasons: readonly string[], language: Language, limit = 4): string[] {
  return [...new Set(reasons.map((r) => describeOne(r, language)))].slice(0, limit);
}

/**
 * Why, for a reply of this category: the findings that decide it (for a problem, the problems
 * and what makes it urgent), in the store's language; the stored reasons when there are none.
 */
export function reasonsInWords(input: { reasons: readonly string[]; findings?: readonly Finding[]; category: Category }, language: Language, limit = 4): string[] {
  const active = (input.findings ?? []).filter((f) => !f.setAside);
  const deciding = input.category === 'complaint' ? active.filter((f) => isProblem(f.kind) || isUrgent(f.kind)) : active;
  return deciding.length ? describe(deciding, language).slice(0, limit) : describeReasons(input.reasons, language, limit);
}
