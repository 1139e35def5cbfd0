/**
 * What makes a note read like a note from a person, as checks on the rendered result: short,
 * asks one real question, signed with a first name, no form-letter phrases, no leftovers of
 * the template, a quiet subject, and an HTML part with nothing in it but the text.
 */
import type { RenderedNote } from '../../core/domain/note.ts';

export const MAX_WORDS = 120;
export const MAX_SUBJECT_CHARS = 60;

export type RuleId =
  | 'too-long'
  | 'no-question'
  | 'forbidden-phrase'
  | 'leftover-liquid'
  | 'empty-greeting'
  | 'missing-value'
  | 'subject-empty'
  | 'subject-too-long'
  | 'subject-shouting'
  | 'subject-emoji'
  | 'html-not-plain'
  | 'no-signature';

export interface Violation {
  rule: RuleId;
  message: string;
  /** The offending text as the template would hold it, to find its line (when there is one). */
  evidence?: string;
  /** Whether it is about the subject line (line 1 of a template). */
  inSubject?: boolean;
}

/**
 * Form-letter and "we do not read replies" phrases, in every language we write: a note in German
 * that says "Dear Customer" is as wrong as one in English.
 */
export const FORBIDDEN_PHRASES: readonly string[] = [
  // en
  'dear customer', 'dear valued customer', 'valued customer', 'dear sir', 'dear madam', 'to whom it may concern',
  'do not reply', "don't reply", 'please do not respond', 'noreply', 'no-reply', 'automated message',
  'automatically generated', 'this is an automated', 'click here', 'unsubscribe',
  // de
  'sehr geehrte', 'sehr geehrter', 'liebe kundin', 'lieber kunde', 'liebe kundinnen', 'nicht antworten',
  'antworten sie nicht', 'antworte nicht', 'automatisch generiert', 'automatisch erstellt', 'automatische nachricht',
  'hier klicken',
  // fr
  'cher client', 'chère cliente', 'chers clients', 'madame, monsieur', 'ne pas répondre', 'ne répondez pas',
  'ne réponds pas', 'message automatique', 'généré automatiquement', 'cliquez ici',
  // es
  'estimado cliente', 'estimada cliente', 'estimados clientes', 'querido cliente', 'querida cliente',
  'no responder', 'no responda', 'no respondas', 'mensaje automático', 'generado automáticamente', 'haz clic aquí',
  'haga clic aquí',
];

const GREETING_WORDS = ['hi', 'hello', 'hey', 'dear', 'hallo', 'liebe', 'lieber', 'moin', 'bonjour', 'salut', 'hola', 'buenas'];

/**
 * Every rule, over one rendered note. `signerName` is the first name the note must be signed
 * with (the persona, or the senior person for long-time customers).
 */
export function checkNote(note: RenderedNote, expect: { signerName: string }): Violation[] {
  return [
    ...checkLength(note.text),
    ...checkQuestion(note.text),
    ...checkForbidden(note),
    ...checkLeftovers(note),
    ...checkGreeting(note.text),
    ...checkSubject(note.subject),
    ...checkHtml(note.html),
    ...checkSignature(note.text, expect.signerName),
  ];
}

/** Words as a reader counts them: dashes and other lone punctuation are not words. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

function checkLength(text: string): Violation[] {
  const words = wordCount(text);
  if (words <= MAX_WORDS) return [];
  return [{ rule: 'too-long', message: `${words} words; a note stays under ${MAX_WORDS}` }];
}

function checkQuestion(text: string): Violation[] {
  // "?" closes a question in all four languages ("¿Qué tal?", "Tout va bien ?").
  if (text.includes('?')) return [];
  return [{ rule: 'no-question', message: 'no question: a note asks one real question that invites a reply' }];
}

function checkForbidden(note: RenderedNote): Violation[] {
  const found: Violation[] = [];
  for (const [where, text] of [['subject', note.subject], ['body', note.text]] as const) {
    const lower = text.toLocaleLowerCase();
    for (const phrase of FORBIDDEN_PHRASES) {
      const at = lower.indexOf(phrase);
      if (at < 0) continue;
      found.push({
        rule: 'forbidden-phrase',
        message: `"${text.slice(at, at + phrase.length)}" in the ${where}: it reads like a form letter`,
        evidence: text.slice(at, at + phrase.length),
        inSubject: where === 'subject',
      });
    }
  }
  return found;
}

function checkLeftovers(note: RenderedNote): Violation[] {
  const found: Violation[] = [];
  for (const [where, text] of [['subject', note.subject], ['body', note.text]] as const) {
    const liquid = /\{\{|\}\}|\{%|%\}/.exec(text);
    if (liquid) {
      found.push({
        rule: 'leftover-liquid',
        message: `Liquid left in the ${where} ("${excerpt(text, liquid.index)}")`,
        evidence: liquid[0],
        inSubject: where === 'subject',
      });
    }
    const missing = /\b(undefined|NaN)\b|\[object Object\]/.exec(text);
    if (missing) {
      found.push({ rule: 'missing-value', message: `"${missing[0]}" in the ${where}`, inSubject: where === 'subject' });
    }
  }
  return found;
}

/** "Hi ,", "¡Hola, !", "Bonjour ,": a greeting whose name came out empty. */
function checkGreeting(text: string): Violation[] {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const words = first.replace(/^[¡¿]/, '').split(/[\s,!:]+/).filter(Boolean);
  const startsWithGreeting = GREETING_WORDS.includes((words[0] ?? '').toLocaleLowerCase());
  const hole = /\s[,:]|,\s*[!:,]|^\s*[,!:]/.test(first);
  if (!startsWithGreeting || !hole) return [];
  return [{ rule: 'empty-greeting', message: `the greeting "${first.trim()}" is missing its name`, evidence: first.trim() }];
}

function checkSubject(subject: string): Violation[] {
  const found: Violation[] = [];
  if (!subject.trim()) return [{ rule: 'subject-empty', message: 'the subject is empty', inSubject: true }];
  if (subject.length > MAX_SUBJECT_CHARS) {
    found.push({
      rule: 'subject-too-long',
      message: `the subject has ${subject.length} characters; keep it under ${MAX_SUBJECT_CHARS} ("${subject}")`,
      inSubject: true,
    });
  }
  const letters = subject.replace(/[^\p{L}]/gu, '');
  const upper = subject.replace(/[^\p{Lu}]/gu, '');
  const shoutedWords = subject.split(/\s+/).filter((w) => /^\p{Lu}{4,}[!?.,]*$/u.test(w));
  if ((letters.length >= 4 && upper.length / letters.length > 0.6) || shoutedWords.length >= 2 || /!{2,}|\?{2,}/.test(subject)) {
    found.push({ rule: 'subject-shouting', message: `the subject shouts ("${subject}"); a person writes it quietly`, inSubject: true });
  }
  if (/\p{Extended_Pictographic}/u.test(subject)) {
    found.push({ rule: 'subject-emoji', message: `the subject has an emoji ("${subject}")`, inSubject: true });
  }
  return found;
}

/** The HTML part mirrors the text: any image (a tracking pixel), link, style or button is out. */
function checkHtml(html: string | null): Violation[] {
  if (html === null) return [];
  const found = /<(img|a|style|link|script|table|button|form|iframe|picture|svg|video)\b|\b(style|src|href|srcset|background)\s*=|url\(/i.exec(html);
  if (!found) return [];
  return [{ rule: 'html-not-plain', message: `the HTML part has "${found[0]}": no images, links, styles or buttons` }];
}

/** Signed with the signer's first name, in the last lines of the note. */
function checkSignature(text: string, signerName: string): Violation[] {
  const firstName = signerName.trim().split(/\s+/)[0] ?? '';
  const tail = text.split('\n').filter((line) => line.trim() !== '').slice(-3).join('\n');
  const signed = new RegExp(`(^|[^\\p{L}])${escapeRegExp(firstName)}($|[^\\p{L}])`, 'u').test(tail);
  if (signed) return [];
  return [{ rule: 'no-signature', message: `not signed with the signer's first name ("${firstName}") at the end` }];
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 10), at + 20).replace(/\n/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
