/**
 * The email that puts a problem in front of a person: short, in plain text, with everything
 * needed to act without opening anything else: who, which order, their own words, why it came
 * to them, by when to acknowledge, and where to answer.
 */
import type { Escalation } from './escalation.ts';
import { toMajorUnits } from './money.ts';
import type { StoreConfig } from './store.ts';

export const NOTICE_REASONS = ['new', 'new-message', 'passed-on', 'reminder'] as const;
export type NoticeReason = (typeof NOTICE_REASONS)[number];

/** The address notices come from: on the inbound domain, which every deployment verifies. */
export function noticeSender(inboundDomain: string): string {
  return `escalations@${inboundDomain}`;
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(toMajorUnits(minor, currency));
}

function quote(text: string): string {
  return (text || '(no text: see the conversation)')
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

const OPENING: Record<NoticeReason, (customer: string) => string> = {
  new: (c) => `${c} wrote back, and it needs you.`,
  'new-message': (c) => `${c} wrote again about the problem you have open.`,
  'passed-on': (c) => `Nobody has acknowledged this yet, so it comes to you now. ${c} is waiting.`,
  reminder: (c) => `Still not acknowledged: ${c} is waiting.`,
};

export function escalationNotice(input: {
  escalation: Escalation;
  store: StoreConfig;
  reason: NoticeReason;
  consoleUrl: string;
}): { subject: string; text: string } {
  const { escalation: e, store, reason } = input;
  const customer = e.customer.name ?? e.customer.email;
  const urgent = e.priority === 'high';
  const what = e.category === 'question' ? 'Question' : e.category === 'complaint' ? 'Problem' : 'Reply';
  const orderName = e.order ? ` (order ${e.order.name})` : '';
  const firstWords = e.reply.text.replace(/\s+/g, ' ').slice(0, 60);
  const subject = `${urgent ? 'Urgent: ' : ''}${what} from ${customer}${orderName}: "${firstWords}${e.reply.text.length > 60 ? '…' : ''}"`;

  const lines = [
    `Hi ${e.owner.name},`,
    '',
    OPENING[reason](customer),
    '',
    `What ${customer} wrote (${when(e.reply.receivedAt, store.timeZone)}):`,
    quote(e.reply.text),
    '',
  ];
  if (e.order) {
    lines.push(`Order ${e.order.name}: ${money(e.order.total, e.order.currency)}, ${e.order.fulfillment.replace('_', ' ')}`);
    for (const item of e.order.items) lines.push(`- ${item.title}${item.variant ? ` (${item.variant})` : ''} × ${item.quantity}`);
    lines.push('');
  }
  lines.push(`Customer: ${customer} <${e.customer.email}>`);
  lines.push(`Why this came to you: ${e.reasons.slice(0, 4).join('; ') || e.category}`);
  if (e.status === 'open') lines.push(`Please acknowledge by ${when(e.dueBy, store.timeZone)}${urgent ? ' (urgent)' : ''}.`);
  lines.push('', `Answer ${customer} and keep the conversation in one place: ${input.consoleUrl}`, '', `${store.name}`);
  return { subject, text: `${lines.join('\n')}\n` };
}
