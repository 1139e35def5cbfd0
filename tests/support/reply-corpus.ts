/**
 * The labelled replies of tests/fixtures/replies and how the classifier scores on them: recall
 * and precision of `escalate`, category and urgency accuracy, per language and overall.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classifyReply, type Category, type Classification } from '../../functions/core/domain/classify.ts';

export const REPLY_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];
/**
 * `outside`: a second held-out part, written apart from the classifier by someone who had not read
 * its rules. `fresh`: a third, written before the third round of tuning and only ever measured.
 */
export type Part = 'tuning' | 'held-out' | 'outside' | 'fresh';

export interface LabelledReply {
  language: ReplyLanguage;
  part: Part;
  line: number;
  category: Category;
  escalate: boolean;
  urgency: 'normal' | 'high';
  text: string;
  subject: string;
  headers: Record<string, string[]>;
}

const DIR = fileURLToPath(new URL('../fixtures/replies/', import.meta.url));
const CATEGORIES = new Set(['complaint', 'question', 'praise', 'other', 'unsubscribe', 'auto-reply', 'bounce']);

export function loadReplies(part: Part, languages: readonly ReplyLanguage[] = REPLY_LANGUAGES): LabelledReply[] {
  return languages.flatMap((language) => {
    const file = `${DIR}${language}.${part}.tsv`;
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.slice(1).flatMap((row, i) => {
      if (!row.trim()) return [];
      const [category, escalate, urgency, text, subject, headers] = row.split('\t');
      if (!CATEGORIES.has(category!) || !['yes', 'no'].includes(escalate!) || !['normal', 'high'].includes(urgency!) || !text) {
        throw new Error(`${file}:${i + 2}: not a labelled reply: ${row.slice(0, 80)}`);
      }
      const parsedHeaders: Record<string, string[]> = {};
      for (const h of (headers ?? '').split(' | ').filter(Boolean)) {
        const at = h.indexOf(':');
        parsedHeaders[h.slice(0, at).trim().toLowerCase()] = [h.slice(at + 1).trim()];
      }
      return [{
        language, part, line: i + 2,
        category: category as Category, escalate: escalate === 'yes', urgency: urgency as 'normal' | 'high',
        text: text.replace(/\\n/g, '\n'), subject: subject || 'Re: How is everything?', headers: parsedHeaders,
      }];
    });
  });
}

export const classifyLabelled = (r: LabelledReply, options: { model?: boolean } = {}): Classification =>
  classifyReply({ headers: r.headers, from: { name: null, address: 'customer@example.com' }, subject: r.subject, strippedText: r.text }, options);

export interface Score {
  replies: number;
  escalateRecall: number;
  escalatePrecision: number;
  category: number;
  urgency: number;
  /** Urgency right among the replies that are complaints. */
  urgencyOfComplaints: number;
}

export interface Scored {
  reply: LabelledReply;
  got: Classification;
}

export function score(results: Scored[]): Score {
  const tp = results.filter((r) => r.reply.escalate && r.got.escalate).length;
  const fn = results.filter((r) => r.reply.escalate && !r.got.escalate).length;
  const fp = results.filter((r) => !r.reply.escalate && r.got.escalate).length;
  const complaints = results.filter((r) => r.reply.category === 'complaint');
  return {
    replies: results.length,
    escalateRecall: tp / (tp + fn || 1),
    escalatePrecision: tp / (tp + fp || 1),
    category: results.filter((r) => r.got.category === r.reply.category).length / (results.length || 1),
    urgency: results.filter((r) => r.got.urgency === r.reply.urgency).length / (results.length || 1),
    urgencyOfComplaints: complaints.filter((r) => r.got.urgency === r.reply.urgency).length / (complaints.length || 1),
  };
}

export function scoreByLanguage(part: Part, options: { model?: boolean } = {}): { results: Scored[]; byLanguage: Record<ReplyLanguage | 'all', Score> } {
  const results = loadReplies(part).map((reply) => ({ reply, got: classifyLabelled(reply, options) }));
  const byLanguage = Object.fromEntries([
    ...REPLY_LANGUAGES.map((l) => [l, score(results.filter((r) => r.reply.language === l))]),
    ['all', score(results)],
  ]) as Record<ReplyLanguage | 'all', Score>;
  return { results, byLanguage };
}
