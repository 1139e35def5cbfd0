/**
 * What a customer's reply is about, read the way a shop owner would read it, in English,
 * German, French or Spanish. Embedded: word lists and two small Snowball libraries, nothing
 * fetched at run time. The inbound handler and `npx followup classify` both call
 * `classifyReply`, so they cannot disagree.
 *
 * 1. Bounces and auto-replies are recognised from the headers (detectAutomated).
 * 2. The customer's words (quoted lines and our own subject left out) are cut into sentences and
 *    clauses, and the language is guessed; an unclear one is read in all four.
 * 3. Each sentence is read for cues, with negation, hypotheses, contrast and repairs (read.ts).
 * 4. A decision is made from what counts (decide.ts) and told in plain words (describe.ts).
 */
import { detectAutomated, type InboundMail } from '../domain/inbound.ts';
import { decide, type ReplyCategory } from './decide.ts';
import { describe, NOTHING_SAID, NOTHING_TO_DO } from './describe.ts';
import { detectLanguage } from './language.ts';
import { lexicon } from './lexicons.ts';
import { readWithModel, thresholds } from './model/model.ts';
import { readSentences, type PlacedFinding } from './read.ts';
import { sentences as cut, type Sentence } from './text.ts';
import type { Finding, ReadLanguage } from './types.ts';

export const CATEGORIES = ['complaint', 'question', 'praise', 'unsubscribe', 'auto-reply', 'bounce', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Classification {
  category: Category;
  /** The senior person should see it at once: something is wrong. A genuine question is not. */
  escalate: boolean;
  urgency: 'normal' | 'high';
  autoReply: boolean;
  /** Why, in plain words, quoting the customer (English; `describe` gives the other languages). */
  reasons: string[];
  strippedText: string;
  /** The language the reply is written in, when it is one of the four and can be told. */
  language: ReadLanguage | null;
  /** What the reasons rest on: the kind, the customer's words, the language. */
  findings: Finding[];
  /** Asks for no more mail (also when it is a complaint as well). */
  optOut: boolean;
}

export interface ClassifyTrace {
  text: string;
  sentences: { text: string; asks: boolean; findings: Finding[] }[];
  languageScores: Record<ReadLanguage, number>;
  readIn: ReadLanguage[];
  steps: string[];
}

/** Of the customer's own words, this much is read: a problem is said early, and cost stays bounded. */
export const READ_LIMIT = 20_000;
/** Of the stripped text, this much is looked at for the customer's own words. */
const SCAN_LIMIT = 2_000_000;

const ECHOED_SUBJECT = /^\s*(re|aw|antw|antwort|r[ée]f|rv|sv|vs|odp|wg|fw|fwd)\s*:/i;

/** The customer's own lines: quoted lines ("> …") are left out unless nothing else is there. */
export function ownWords(mail: Pick<InboundMail, 'subject' | 'strippedText'>): string {
  const lines = mail.strippedText.slice(0, SCAN_LIMIT).split('\n');
  const own = lines.filter((l) => !l.trimStart().startsWith('>'));
  const kept = own.some((l) => l.trim()) ? own : lines.map((l) => l.replace(/^[\s>]+/, ''));
  // Runs of spaces say nothing; dropping them keeps long padded lines from using up the limit.
  const body = kept.map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim()).filter(Boolean).join('\n').slice(0, READ_LIMIT);
  const subject = mail.subject.trim();
  return subject && !ECHOED_SUBJECT.test(subject) ? `${subject.slice(0, 300)}\n${body}` : body;
}

/** `trace` adds how it was read; `model: false` reads with the word lists and rules alone (to measure them). */
export interface ClassifyOptions {
  trace?: boolean;
  model?: boolean;
}

export function classifyReply(mail: Pick<InboundMail, 'headers' | 'from' | 'subject' | 'strippedText'>, options?: ClassifyOptions & { trace?: false }): Classification;
export function classifyReply(mail: Pick<InboundMail, 'headers' | 'from' | 'subject' | 'strippedText'>, options: ClassifyOptions & { trace: true }): Classification & { trace: ClassifyTrace };
export function classifyReply(mail: Pick<InboundMail, 'headers' | 'from' | 'subject' | 'strippedText'>, options: ClassifyOptions = {}): Classification & { trace?: ClassifyTrace } {
  const strippedText = mail.strippedText.trim();
  const automated = detectAutomated(mail);
  if (automated) {
    const result: Classification = {
      category: automated.kind,
      escalate: false,
      urgency: 'normal',
      autoReply: true,
      reasons: automated.reasons.map((r) => `${automated.kind}: ${r}`),
      strippedText,
      language: null,
      findings: [],
      optOut: false,
    };
    return options.trace ? { ...result, trace: { text: strippedText, sentences: [], languageScores: { en: 0, de: 0, fr: 0, es: 0 }, readIn: [], steps: [`${automated.kind}: ${automated.reasons.join(', ')}`] } } : result;
  }

  const text = ownWords(mail);
  const all = cut(text);
  const guess = detectLanguage(text, all);
  const findings = readAll(text, all, guess.readIn);
  const decision = decide(findings, options.model === false ? undefined : () => ({ ...readWithModel(all, guess.language ?? 'en', findings), ...thresholds(), sentence: all[0]?.text.slice(0, 140) ?? '' }));
  const language = guess.language;
  const reasons = decision.because.length
    ? describe(once(decision.because), 'en').slice(0, 6)
    : [text ? NOTHING_TO_DO.en : NOTHING_SAID.en];
  const result: Classification = {
    category: decision.category satisfies ReplyCategory,
    escalate: decision.category === 'complaint',
    urgency: decision.urgency,
    autoReply: false,
    reasons,
    strippedText,
    language,
    findings: reported(decision.because, findings),
    optOut: findings.some((f) => f.kind === 'unsubscribe' && !f.setAside),
  };
  if (!options.trace) return result;
  return {
    ...result,
    trace: {
      text,
      sentences: all.map((s, i) => ({ text: s.text, asks: findings.some((f) => f.sentence === i && f.kind === 'question'), findings: result.findings.filter((f) => f.sentence === i) })),
      languageScores: guess.scores,
      readIn: guess.readIn,
      steps: decision.steps,
    },
  };
}

/** At most this many findings are reported: the result is stored with the reply. */
export const MAX_FINDINGS = 24;

/** The findings the decision rests on first, then the rest, each once (see `once`). */
function reported(because: Finding[], all: PlacedFinding[]): Finding[] {
  return once([...because, ...all])
    .slice(0, MAX_FINDINGS)
    .map(({ kind, phrase, cue, language, sentence, setAside }) => ({ kind, phrase, cue, language, sentence, ...(setAside && { setAside }) }))
    .sort((a, b) => a.sentence - b.sentence);
}

/**
 * The same kind of finding over the same words once, in the order given: "asks: “Can you ship to
 * Canada”" and "asks: “Can you ship to Canada?”" are one, kept with the fuller quote.
 */
function once<F extends Finding>(findings: F[]): F[] {
  const seen = new Map<string, number>();
  const out: F[] = [];
  for (const f of findings) {
    const key = `${f.kind}|${f.sentence}|${sameWords(f.phrase)}|${f.setAside ?? ''}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push(f);
    } else if (f.phrase.length > out[at]!.phrase.length) out[at] = { ...out[at]!, phrase: f.phrase };
  }
  return out;
}

/** A quote without the marks that end it: the same words asked or said are the same words. */
export const sameWords = (phrase: string) => phrase.replace(/[\s.!?…]+$/u, '').toLowerCase();

/** Reads in each language asked for; the same cue found twice counts once. */
export function readAll(text: string, all: Sentence[], languages: ReadLanguage[]): PlacedFinding[] {
  const seen = new Set<string>();
  const out: PlacedFinding[] = [];
  for (const language of languages) {
    for (const f of readSentences(text, all, lexicon(language))) {
      const key = `${f.kind}|${f.at}|${f.setAside ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
