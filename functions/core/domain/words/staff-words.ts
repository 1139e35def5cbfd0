/**
 * Everything followup says to the people of a store (notices, reminders, digests, refusals, the
 * console) and the few lines it writes to customers on a person's behalf (the check-back), in
 * the store's language: English, German, French and Spanish. One interface, one table per
 * language, so a missing sentence is a type error rather than an English line in a German shop.
 */
import type { Language } from '../store.ts';
import { DE } from './de.ts';
import { EN } from './en.ts';
import { ES } from './es.ts';
import { FR } from './fr.ts';

export type CaseKind = 'problem' | 'question' | 'reply';

/** Why a person gets a notice now. */
export type NoticeReason =
  | 'new'
  | 'new-message'
  | 'passed-on'
  | 'reminder'
  | 'reassigned'
  | 'someone-else';

export type RefusalReason = 'not-staff' | 'unverified' | 'empty' | 'quoted-notice' | 'digest' | 'gone';

export type ReasonLabel = 'problem' | 'unhappy' | 'urgent' | 'question' | 'pleased' | 'opt-out' | 'shouting' | 'automatic' | 'nothing';

export interface StaffWords {
  greeting(name: string): string;
  kind: Record<CaseKind, string>;
  subject(input: { kind: string; customer: string; order: string | null; words: string; urgent: boolean }): string;
  opening(reason: NoticeReason, input: { customer: string; question: boolean; by?: string; address?: string }): string;
  wrote(customer: string, at: string, language: string | null): string;
  someoneElse(address: string, customer: string): string;
  noText: string;
  order(name: string, total: string, fulfillment: string): string;
  fulfillment: Record<'unfulfilled' | 'fulfilled' | 'in_transit' | 'delivered' | 'failed', string>;
  customer: string;
  why: string;
  acknowledgeBy(at: string, urgent: boolean): string;
  answerBy(at: string): string;
  howToAnswer(customer: string, url: string): string;
  reminderCount(count: number, max: number): string;

  reason: Record<ReasonLabel, string>;

  digestSubject(input: { store: string; waiting: number; praise: number }): string;
  digestIntro(name: string): string;
  digestWaiting: string;
  digestSince(at: string): string;
  digestDue(at: string): string;
  digestQuiet(count: number): string;
  digestClimbed: string;
  digestClimbedTo(customer: string, to: string, at: string): string;
  digestPraise: string;
  digestReplies: string;
  digestFooter(url: string): string;

  refusalSubject(subject: string): string;
  refusal(reason: RefusalReason, input: { store: string; url: string }): string;

  checkBackSubject(subject: string): string;
  checkBack(input: { firstName: string | null; product: string; signer: string; store: string }): string;

  console: ConsoleWords;
  unsubscribe: UnsubscribeWords;
}

export interface ConsoleWords {
  escalations: string;
  conversations: string;
  all: string;
  open: string;
  acknowledged: string;
  resolved: string;
  closed: string;
  urgent: string;
  status: Record<'open' | 'acknowledged' | 'resolved' | 'closed', string>;
  category: Record<string, string>;
  customerCol: string;
  wroteCol: string;
  ownerCol: string;
  acknowledgeByAt(at: string): string;
  answerByAt(at: string): string;
  empty: string;
  acknowledge: string;
  resolve: string;
  reassign: string;
  to: string;
  send: string;
  signOut: string;
  signIn: string;
  token: string;
  opened(at: string): string;
  acknowledgedAt(at: string): string;
  resolvedAt(at: string): string;
  ownerLabel: string;
  noOrder: string;
  why: string;
  conversation: string;
  noMessages: string;
  answerLabel(customer: string, signer: string): string;
  customerSide: string;
  someoneElse(address: string): string;
  inLanguage(language: string): string;
  notSent: string;
  writeSomething: string;
  notFound: string;
  checkBack(at: string): string;
  checkBackAnswer(satisfied: boolean): string;
  history: string;
  wrongToken: string;
  formExpired: string;
}

export interface UnsubscribeWords {
  confirmTitle(store: string): string;
  confirmHeading(store: string): string;
  confirmBody(store: string): string;
  button: string;
  doneTitle: string;
  doneHeading: string;
  doneBody(store: string): string;
  invalidTitle: string;
  invalidHeading: string;
  invalidBody: string;
  thisShop: string;
}

const WORDS: Record<Language, StaffWords> = { en: EN, de: DE, fr: FR, es: ES };

export function staffWords(language: Language): StaffWords {
  return WORDS[language];
}
