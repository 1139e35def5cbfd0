/**
 * The email that puts a customer's reply in front of a person: short, in plain text, in the
 * store's language, with everything needed to act without opening anything else: who, which
 * order, their own words (as written, with the language named), why it came to them, by when,
 * and how to answer (reply to this very email, or the console).
 */
import type { Escalation } from './escalation.ts';
import type { Category } from './classify.ts';
import type { Owner } from './staff.ts';
import type { Language, StoreConfig } from './store.ts';
import { languageName, money, when } from './words/format.ts';
import { reasonsInWords } from './words/reasons.ts';
import { staffWords, type CaseKind, type NoticeReason } from './words/staff-words.ts';

export type { NoticeReason } from './words/staff-words.ts';

/** The address notices come from: on the inbound domain, which every deployment verifies. */
export function noticeSender(inboundDomain: string): string {
  return `escalations@${inboundDomain}`;
}

export function caseKind(category: Category): CaseKind {
  return category === 'complaint' ? 'problem' : category === 'question' ? 'question' : 'reply';
}

function quote(text: string, empty: string): string {
  return (text || empty)
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

export interface NoticeInput {
  store: StoreConfig;
  /** Who gets it. */
  to: Owner;
  reason: NoticeReason;
  category: Category;
  urgent: boolean;
  customer: { email: string; name: string | null };
  /** What was written, when, in which language, and by whom when it was not the customer. */
  words: { text: string; at: string; language: Language | null; someoneElse: string | null };
  order: Escalation['order'];
  reasons: string[];
  findings?: Escalation['findings'];
  /** The clock: acknowledge (a problem) or answer (a question) by then; null without one. */
  due: { at: string; kind: 'acknowledge' | 'answer' } | null;
  reminder?: { count: number; max: number };
  /** Who handed it over (reassigned). */
  by?: string;
  consoleUrl: string;
}

export function staffNotice(input: NoticeInput): { subject: string; text: string } {
  const { store } = input;
  const language = store.language;
  const w = staffWords(language);
  const customer = input.customer.name ?? input.customer.email;
  const text = input.words.text;
  const first = text.replace(/\s+/g, ' ').slice(0, 60);
  const subject = w.subject({
    kind: w.kind[caseKind(input.category)],
    customer,
    order: input.order?.name ?? null,
    words: `${first}${text.length > 60 ? '…' : ''}`,
    urgent: input.urgent,
  });
  const zone = store.timeZone;
  const lines = [
    w.greeting(input.to.name),
    '',
    w.opening(input.reason, {
      customer,
      question: input.category === 'question',
      ...(input.by && { by: input.by }),
      ...(input.words.someoneElse && { address: input.words.someoneElse }),
    }),
    '',
    w.wrote(input.words.someoneElse ?? customer, when(input.words.at, zone, language), input.words.language ? languageName(input.words.language, language) : null),
    quote(text, w.noText),
    '',
  ];
  if (input.words.someoneElse) lines.push(w.someoneElse(input.words.someoneElse, customer), '');
  if (input.order) {
    const o = input.order;
    lines.push(w.order(o.name, money(o.total, o.currency, language), w.fulfillment[o.fulfillment]));
    for (const item of o.items) lines.push(`- ${item.title}${item.variant ? ` (${item.variant})` : ''} × ${item.quantity}`);
    lines.push('');
  }
  lines.push(`${w.customer}: ${customer} <${input.customer.email}>`);
  const reasons = reasonsInWords({ reasons: input.reasons, category: input.category, ...(input.findings && { findings: input.findings }) }, language);
  if (reasons.length) lines.push(`${w.why}: ${reasons.join('; ')}`);
  if (input.due) {
    const at = when(input.due.at, zone, language);
    lines.push(input.due.kind === 'answer' ? w.answerBy(at) : w.acknowledgeBy(at, input.urgent));
  }
  if (input.reminder) lines.push(w.reminderCount(input.reminder.count, input.reminder.max));
  lines.push('', w.howToAnswer(input.customer.name?.split(' ')[0] ?? customer, input.consoleUrl), '', store.name);
  return { subject, text: `${lines.join('\n')}\n` };
}

/** The notice about an escalation, as it stands. */
export function escalationNotice(input: {
  escalation: Escalation;
  store: StoreConfig;
  reason: NoticeReason;
  consoleUrl: string;
  reminder?: { count: number; max: number };
  by?: string;
}): { subject: string; text: string } {
  const e = input.escalation;
  return staffNotice({
    store: input.store,
    to: e.owner,
    reason: input.reason,
    category: e.category,
    urgent: e.priority === 'high',
    customer: e.customer,
    words: { text: e.reply.text, at: e.reply.receivedAt, language: e.language ?? null, someoneElse: null },
    order: e.order,
    reasons: e.reasons,
    ...(e.findings && { findings: e.findings }),
    due: e.status === 'open' && !e.quietSince ? { at: e.dueBy, kind: e.category === 'question' ? 'answer' : 'acknowledge' } : null,
    ...(input.reminder && { reminder: input.reminder }),
    ...(input.by && { by: input.by }),
    consoleUrl: input.consoleUrl,
  });
}
