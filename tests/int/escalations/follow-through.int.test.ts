/**
 * What happens after a reply reached a person, through the local runtime: reminders a person can
 * live with, notes that wait and then go on, the check-back after a resolved problem and its
 * score, and the daily digest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { localParts } from '../../../functions/core/domain/zoned-time.ts';
import { address, api, customersWithNotes, customerWithNote, mailTo, rawReply, replyTo, type Sent } from '../../support/conversations.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
const MAX_REMINDERS = 2;
let rt: TestRuntime;

beforeAll(async () => {
  // The demo store has nobody on its ladder after the senior person: a single rung.
  rt = await startTestRuntime({ clockStart: START, config: testConfig({ escalation: { maxReminders: MAX_REMINDERS } }) });
});
afterAll(() => rt?.stop());

const about = (mails: Sent[], words: string) => mails.filter((m) => m.text.includes(words) || m.subject.includes(words));
const reminders = (mails: Sent[]) => mails.filter((m) => /^Still not (acknowledged|answered)/m.test(m.text));

/** Moves the clock a day at a time until a mail to `to` matches (at most `days` days). */
async function firstMail(to: string, match: (m: Sent) => boolean, days: number): Promise<Sent | undefined> {
  for (let day = 0; day <= days; day += 1) {
    const found = (await mailTo(rt, to)).find(match);
    if (found) return found;
    await rt.advance('P1D');
  }
  return undefined;
}

function inWorkingHours(iso: string): boolean {
  const p = localParts(new Date(iso), 'America/New_York');
  const minute = p.hour * 60 + p.minute;
  return p.weekday <= 5 && minute >= 9 * 60 && minute <= 18 * 60;
}

describe('reminders on a single-rung ladder', () => {
  it('stop after the configured number, come only in working hours, and never twice within an hour', async () => {
    const [first, second] = await customersWithNotes(rt, ['remind-a', 'remind-b']);
    await replyTo(rt, first.note, first.buyer, 'The mug arrived chipped.');
    await replyTo(rt, second.note, second.buyer, 'I was charged twice and I will file a chargeback with my bank.');
    const before = await mailTo(rt, 'tom@northwind.example');

    await rt.advance('P10D');
    const toTom = (await mailTo(rt, 'tom@northwind.example')).slice(before.length);
    const aboutFirst = reminders(about(toTom, 'chipped'));
    const aboutSecond = reminders(about(toTom, 'charged twice'));
    expect(aboutFirst).toHaveLength(MAX_REMINDERS);
    expect(aboutSecond).toHaveLength(MAX_REMINDERS);
    expect(aboutFirst.at(-1)!.text).toContain(`Reminder ${MAX_REMINDERS} of ${MAX_REMINDERS}.`);

    const times = [...aboutFirst, ...aboutSecond].map((m) => Date.parse(m.sentAt)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3_600_000);
    // The urgent one too: this store does not allow waking anyone.
    for (const m of [...aboutFirst, ...aboutSecond]) expect(inWorkingHours(m.sentAt), m.sentAt).toBe(true);

    const { body } = await api(rt, 'GET', '/api/escalations?status=open');
    const open = body.items.find((e: { customer: { email: string } }) => e.customer.email === first.buyer);
    expect(open).toMatchObject({ status: 'open', reminders: { 'tom@northwind.example': MAX_REMINDERS }, remindersStoppedAt: expect.any(String) });

    // Instead of more mail: a line on the daily digest.
    const digest = toTom.filter((m) => m.subject.startsWith('Northwind Home: '));
    expect(digest.length).toBeGreaterThanOrEqual(1);
    expect(digest.at(-1)!.text).toMatch(/Ada Lovelace \(Problem, since .*no more reminders after 2\): "The mug arrived chipped\."/);
    for (const id of [open.id, body.items.find((e: { customer: { email: string } }) => e.customer.email === second.buyer).id]) {
      await api(rt, 'POST', `/api/escalations/${id}/resolve`);
    }
  });
});

describe('notes held while a person is in the conversation', () => {
  it('are sent after the problem is resolved, and say so; then the check-back goes out and its answer is scored', async () => {
    const { buyer, note } = await customerWithNote(rt, 'held', { delivered: true });
    const customerMessageId = `<${crypto.randomUUID()}@mail.example.com>`;
    const { body } = await replyTo(rt, note, buyer, 'The lamp shade arrived dented.', customerMessageId);
    const id = body.escalationId as string;

    // The check-in falls due while the problem is open: it waits.
    await rt.advance('P5D');
    expect((await mailTo(rt, buyer)).length).toBe(1);
    const { notes } = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(notes.find((n) => n.stage === 'check-in')).toMatchObject({ status: 'held' });

    await api(rt, 'POST', `/api/escalations/${id}/reply`, { text: 'So sorry, Ada. A new shade is on its way.' });
    const resolved = await api(rt, 'POST', `/api/escalations/${id}/resolve`);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'operator', checkBack: { from: { name: 'Tom' } } });

    const checkIn = await firstMail(buyer, (m) => m.text.startsWith('H') && m.id !== note.id && !m.text.includes('new shade'), 5);
    expect(checkIn!.text).toMatch(/last time/);
    expect(note.text).not.toMatch(/last time/);

    // A few days on, the person who handled it asks whether it got sorted, in the same thread.
    const checkBack = await firstMail(buyer, (m) => m.text.includes('I wanted to check back about your brass desk lamp'), 8);
    expect(checkBack).toBeDefined();
    expect(checkBack!.from).toBe('Tom at Northwind Home <tom@northwind.example>');
    expect(checkBack!.headers['in-reply-to']).toBe(customerMessageId);
    expect(address(checkBack!.replyTo)).toBe(address(note.replyTo));

    await replyTo(rt, checkBack!, buyer, 'Yes, the new shade arrived and it is perfect. Thank you!');
    const { body: scored } = await api(rt, 'GET', `/api/escalations/${id}`);
    expect(scored.checkBack).toMatchObject({ sentAt: expect.any(String), answer: { satisfied: true } });
  });

  it('scores a check-back answered "not yet" as not satisfied', async () => {
    const { buyer, note } = await customerWithNote(rt, 'unhappy');
    const { body } = await replyTo(rt, note, buyer, 'The rug is the wrong colour.');
    await api(rt, 'POST', `/api/escalations/${body.escalationId}/resolve`);
    const checkBack = await firstMail(buyer, (m) => m.text.includes('check back'), 8);
    await replyTo(rt, checkBack!, buyer, 'No, not yet. Nothing has come.');
    const { body: scored } = await api(rt, 'GET', `/api/escalations/${body.escalationId}`);
    expect(scored.checkBack.answer).toMatchObject({ satisfied: false });
  });

  it('wait a quiet time after praise, then go on; the praise reaches the owner’s digest and nobody’s inbox at once', async () => {
    const { buyer, note } = await customerWithNote(rt, 'praise', { delivered: true });
    const sarahBefore = (await mailTo(rt, 'sarah@northwind.example')).length;
    const tomBefore = (await mailTo(rt, 'tom@northwind.example')).length;
    const { body } = await replyTo(rt, note, buyer, 'Thank you so much, I love the lamp!');
    expect(body.classification.category).toBe('praise');
    expect(body.escalationId).toBeUndefined();
    const repliedAt = Date.parse(rt.clock.now().toISOString());
    expect((await mailTo(rt, 'sarah@northwind.example')).length).toBe(sarahBefore);
    expect((await mailTo(rt, 'tom@northwind.example')).length).toBe(tomBefore);

    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${body.conversationId}`);
    expect(conversation).toMatchObject({ status: 'closed', category: 'praise', dueBy: null, escalationId: null, owner: { name: 'Sarah' } });

    await rt.advance('P6D');
    const checkIn = (await mailTo(rt, buyer)).find((m) => m.id !== note.id);
    expect(checkIn).toBeDefined();
    expect(Date.parse(checkIn!.sentAt) - repliedAt).toBeGreaterThanOrEqual(3 * 86_400_000);

    const digest = (await mailTo(rt, 'sarah@northwind.example')).slice(sarahBefore).find((m) => m.subject.startsWith('Northwind Home: '));
    expect(digest).toBeDefined();
    expect(digest!.text).toContain('Kind words:');
    expect(digest!.text).toContain('Ada Lovelace: "Thank you so much, I love the lamp!"');
    expect(digest!.headers['auto-submitted']).toBe('auto-generated');
    expect(address(digest!.replyTo)).toMatch(/^reply\+d[a-z2-7]+@in\.northwind\.example$/);

    // An answer to the digest names no customer: the person is told where to answer instead.
    const answered = await rt.post(
      '/dev/inbound',
      rawReply({ from: 'sarah@northwind.example', fromName: 'Sarah', to: address(digest!.replyTo), subject: `Re: ${digest!.subject}`, text: 'Thanks!' }),
      { 'content-type': 'message/rfc822' },
    );
    expect(answered.body.outcome).toBe('rejected');
    await rt.advance('PT1M');
    const refusal = (await mailTo(rt, 'sarah@northwind.example')).find((m) => m.subject.startsWith('Not delivered'));
    expect(refusal!.text).toContain('Answers to the daily digest reach no customer');
  });
});

describe('the daily digest', () => {
  it('tells each person what waits for them and since when, and what climbed past them, once a working morning', async () => {
    const { buyer, note } = await customerWithNote(rt, 'digest');
    await replyTo(rt, note, buyer, 'Is the lamp dimmable? Which switch would you recommend?');
    const digestsOf = async (who: string, from: number) =>
      (await mailTo(rt, who)).slice(from).filter((m) => m.subject.startsWith('Northwind Home: '));
    const sarahBefore = (await mailTo(rt, 'sarah@northwind.example')).length;
    const tomBefore = (await mailTo(rt, 'tom@northwind.example')).length;
    // The unanswered question climbs from Sarah to Tom after a working day; the mornings after
    // (weekends have none) tell each of them.
    await firstMail('tom@northwind.example', (m) => m.subject.startsWith('Northwind Home: ') && m.text.includes('Is the lamp dimmable'), 6);
    await rt.advance('P1D');

    const toTom = await digestsOf('tom@northwind.example', tomBefore);
    const withQuestion = toTom.find((m) => m.text.includes('Is the lamp dimmable'));
    expect(withQuestion!.subject).toMatch(/^Northwind Home: \d+ waiting for you/);
    expect(withQuestion!.text).toMatch(/Waiting for you:\n(- .*\n)*- Ada Lovelace \(Question, since [^)]*\): "Is the lamp dimmable\?/);
    const toSarah = await digestsOf('sarah@northwind.example', sarahBefore);
    expect(toSarah.at(-1)?.text).toMatch(/Passed on from you:\n(- .*\n)*- Ada Lovelace: went to Tom/);

    for (const digests of [toTom, toSarah]) {
      const days = digests.map((m) => {
        const local = localParts(new Date(m.sentAt), 'America/New_York');
        expect([local.hour, local.minute, local.weekday <= 5]).toEqual([8, 30, true]);
        return `${local.year}-${local.month}-${local.day}`;
      });
      expect(new Set(days).size).toBe(days.length);
    }
  });
});
