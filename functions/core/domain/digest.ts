/**
 * The daily digest: one short mail each working morning to each person with something open,
 * in the store's language. What waits for them and since when (the reminders that stopped
 * included), what climbed past them, the kind words they received, other replies.
 */
import type { Conversation } from './conversation.ts';
import { caseKind } from './escalation-notice.ts';
import type { Escalation } from './escalation.ts';
import { sameOwner, type StaffMember } from './staff.ts';
import type { StoreConfig } from './store.ts';
import { when } from './words/format.ts';
import { staffWords } from './words/staff-words.ts';
import { addLocalDays, isoWeekday, localParts, zonedInstant } from './zoned-time.ts';

/** The next digest time strictly after `after`: the store's digest hour on a working day. */
export function nextDigestAt(after: Date, store: StoreConfig): Date {
  const zone = store.timeZone;
  const [hour, minute] = store.digest.at.split(':').map(Number) as [number, number];
  const today = localParts(after, zone);
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = addLocalDays({ year: today.year, month: today.month, day: today.day }, offset);
    if (!store.escalation.workingHours.days.includes(isoWeekday(date))) continue;
    const at = zonedInstant({ ...date, hour, minute }, zone);
    if (at > after) return at;
  }
  return new Date(after.getTime() + 86_400_000);
}

/** The local day of an instant in the store's zone, as "2026-11-24": one digest per person per day. */
export function digestDay(at: Date, store: StoreConfig): string {
  const p = localParts(at, store.timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export interface DigestContent {
  waiting: Array<{ customer: string; kind: string; since: string; due: string | null; quietAfter: number | null; words: string }>;
  climbed: Array<{ customer: string; to: string; at: string }>;
  praise: Array<{ customer: string; words: string }>;
  replies: Array<{ customer: string; words: string }>;
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 90 ? `${one.slice(0, 90)}…` : one;
}

/** What goes into one person's digest for the day before `now`. */
export function digestFor(input: {
  person: StaffMember;
  store: StoreConfig;
  escalations: Escalation[];
  conversations: Conversation[];
  since: Date;
}): DigestContent {
  const { person, store } = input;
  const words = staffWords(store.language);
  const zone = store.timeZone;
  const lang = store.language;
  const since = input.since.toISOString();
  const name = (c: { name: string | null; email: string }) => c.name ?? c.email;
  const live = input.escalations.filter((e) => e.status !== 'resolved');
  const liveIds = new Set(live.map((e) => e.id));

  const waiting: DigestContent['waiting'] = live
    .filter((e) => sameOwner(e.owner, person))
    .map((e) => ({
      customer: name(e.customer),
      kind: words.kind[caseKind(e.category)],
      since: when(e.createdAt, zone, lang),
      due: e.status === 'open' && !e.quietSince ? when(e.dueBy, zone, lang) : null,
      quietAfter: e.quietSince ? store.escalation.maxReminders : null,
      words: short(e.reply.text),
    }));
  for (const c of input.conversations) {
    if (!c.waiting || (c.escalationId && liveIds.has(c.escalationId)) || !sameOwner(c.owner, person)) continue;
    waiting.push({ customer: name(c.customer), kind: words.kind.reply, since: when(c.lastMessage.at, zone, lang), due: null, quietAfter: null, words: short(c.lastMessage.text) });
  }

  const climbed: DigestContent['climbed'] = [];
  for (const e of input.escalations) {
    for (const h of e.history ?? []) {
      if ((h.action === 'passed-on' || h.action === 'reassigned') && h.at >= since && sameOwner(h.from, person) && h.owner && !sameOwner(h.owner, person)) {
        climbed.push({ customer: name(e.customer), to: h.owner.name, at: when(h.at, zone, lang) });
      }
    }
  }

  const recent = input.conversations.filter(
    (c) => sameOwner(c.owner, person) && c.lastInbound && c.lastInbound.at >= since && !c.lastMessage.someoneElse && !(c.escalationId && liveIds.has(c.escalationId)),
  );
  const praise = recent.filter((c) => c.category === 'praise').map((c) => ({ customer: name(c.customer), words: short(c.lastMessage.text) }));
  const replies = recent.filter((c) => c.category === 'other').map((c) => ({ customer: name(c.customer), words: short(c.lastMessage.text) }));
  return { waiting, climbed, praise, replies };
}

export function isEmpty(content: DigestContent): boolean {
  return !content.waiting.length && !content.climbed.length && !content.praise.length && !content.replies.length;
}

export function digestMail(input: { person: StaffMember; store: StoreConfig; content: DigestContent; consoleUrl: string }): { subject: string; text: string } {
  const { person, store, content } = input;
  const w = staffWords(store.language);
  const lines = [w.digestIntro(person.name), ''];
  if (content.waiting.length) {
    lines.push(`${w.digestWaiting}:`);
    for (const item of content.waiting) {
      const notes = [w.digestSince(item.since), item.due && w.digestDue(item.due), item.quietAfter !== null && w.digestQuiet(item.quietAfter)].filter(Boolean);
      lines.push(`- ${item.customer} (${item.kind}, ${notes.join(', ')}): "${item.words}"`);
    }
    lines.push('');
  }
  if (content.climbed.length) {
    lines.push(`${w.digestClimbed}:`);
    for (const item of content.climbed) lines.push(`- ${w.digestClimbedTo(item.customer, item.to, item.at)}`);
    lines.push('');
  }
  if (content.praise.length) {
    lines.push(`${w.digestPraise}:`);
    for (const item of content.praise) lines.push(`- ${item.customer}: "${item.words}"`);
    lines.push('');
  }
  if (content.replies.length) {
    lines.push(`${w.digestReplies}:`);
    for (const item of content.replies) lines.push(`- ${item.customer}: "${item.words}"`);
    lines.push('');
  }
  lines.push(w.digestFooter(input.consoleUrl), '', store.name);
  return {
    subject: w.digestSubject({ store: store.name, waiting: content.waiting.length, praise: content.praise.length }),
    text: `${lines.join('\n')}\n`,
  };
}
