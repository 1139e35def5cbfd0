/** The rules of who hears about a reply, how the clock runs, and how an answer reads. */
import { describe, expect, it } from 'vitest';
import { scoreCheckBack } from '../../../functions/core/domain/check-back.ts';
import { routeReply, signedOnce, signerOfNote } from '../../../functions/core/domain/conversation.ts';
import { nextDigestAt } from '../../../functions/core/domain/digest.ts';
import { deadline, reminderMoment, routeOf, stepAtDeadline, type Escalation } from '../../../functions/core/domain/escalation.ts';
import type { Note } from '../../../functions/core/domain/note.ts';
import { notesToResume } from '../../../functions/core/domain/resume.ts';
import { findPerson, staffByAddress, staffOf } from '../../../functions/core/domain/staff.ts';
import { describeReasons, reasonsInWords } from '../../../functions/core/domain/words/reasons.ts';
import { classifyReply } from '../../../functions/core/domain/classify.ts';
import { staffWords } from '../../../functions/core/domain/words/staff-words.ts';
import { LANGUAGES } from '../../../functions/core/domain/store.ts';
import { testStore } from '../../support/stores.ts';

const dana = { name: 'Dana', role: 'Head of support', email: 'dana@northwind.example' };
const store = testStore({ escalation: { ladder: [dana], maxReminders: 2 } });
const sarah = { name: 'Sarah', role: 'Customer care', email: 'sarah@northwind.example' };
const tom = { name: 'Tom', role: 'Owner', email: 'tom@northwind.example' };

describe('where a reply goes', () => {
  it('follows what the customer wrote, not the escalate flag', () => {
    expect(routeReply({ category: 'complaint', escalate: true }, true)).toBe('problem');
    expect(routeReply({ category: 'question', escalate: false }, true)).toBe('question');
    expect(routeReply({ category: 'question', escalate: true }, true)).toBe('question');
    expect(routeReply({ category: 'praise', escalate: false }, true)).toBe('reply');
    expect(routeReply({ category: 'other', escalate: false }, true)).toBe('reply');
    expect(routeReply({ category: 'unsubscribe', escalate: false }, true)).toBe('unsubscribe');
    // Something wrong wrapped in praise, as the classifier may say: still a problem.
    expect(routeReply({ category: 'praise', escalate: true }, true)).toBe('problem');
    // Anyone but the customer changes nothing of theirs, whatever they wrote.
    expect(routeReply({ category: 'unsubscribe', escalate: false }, false)).toBe('someone-else');
    expect(routeReply({ category: 'complaint', escalate: true }, false)).toBe('someone-else');
  });
});

describe('the people of a store', () => {
  it('are the persona, the senior person and the ladder, once each, found by address, name or rung', () => {
    expect(staffOf(store).map((m) => m.id)).toEqual(['sarah@northwind.example', 'tom@northwind.example', 'dana@northwind.example']);
    expect(staffByAddress(store, 'Sarah@Northwind.Example')?.name).toBe('Sarah');
    expect(staffByAddress(store, 'mallory@example.com')).toBeNull();
    expect(findPerson(store, 0)).toMatchObject({ name: 'Tom' });
    expect(findPerson(store, '1')).toMatchObject({ name: 'Dana' });
    expect(findPerson(store, 'dana')).toMatchObject({ email: 'dana@northwind.example' });
    expect(findPerson(store, 'sarah@northwind.example')).toMatchObject({ name: 'Sarah' });
    expect(findPerson(store, 7)).toBeNull();
    expect(findPerson(store, 'nobody')).toBeNull();
  });

  it('may answer from their other addresses', () => {
    const withPhone = testStore({ persona: { ...sarah, otherAddresses: ['sarah.phone@example.com'] } });
    expect(staffByAddress(withPhone, 'sarah.phone@example.com')?.email).toBe('sarah@northwind.example');
  });
});

function escalation(over: Partial<Escalation>): Escalation {
  return {
    id: 'northwind.aaaaaaaaaaaaaaaa',
    storeId: 'northwind',
    status: 'open',
    priority: 'normal',
    category: 'complaint',
    owner: tom,
    level: 0,
    createdAt: '2026-11-23T15:00:00.000Z',
    dueBy: '2026-11-23T19:00:00.000Z',
    customerKey: 'abcdefghijklmnopqrst',
    noteId: 'abcdefghij',
    customer: { email: 'ada@example.com', name: 'Ada' },
    order: null,
    reply: { text: 'broken', receivedAt: '2026-11-23T15:00:00.000Z', subject: 'Re', messageId: null },
    reasons: [],
    version: 1,
    ...over,
  };
}

describe('when the clock runs out', () => {
  it('a problem climbs the ladder, then its top is reminded, then it goes quiet', () => {
    expect(stepAtDeadline(escalation({}), store)).toEqual({ kind: 'climb', owner: { ...dana }, level: 1 });
    expect(stepAtDeadline(escalation({ owner: dana, level: 1 }), store)).toEqual({ kind: 'remind', count: 1 });
    expect(stepAtDeadline(escalation({ owner: dana, level: 1, reminders: { 'dana@northwind.example': 1 } }), store)).toEqual({ kind: 'remind', count: 2 });
    expect(stepAtDeadline(escalation({ owner: dana, level: 1, reminders: { 'dana@northwind.example': 2 } }), store)).toEqual({ kind: 'quiet' });
  });

  it('a question goes from the note’s signer to the senior person and up', () => {
    const question = escalation({ category: 'question', route: 'owner', conversationOwner: sarah, owner: sarah });
    expect(routeOf(question, store).map((p) => p.name)).toEqual(['Sarah', 'Tom', 'Dana']);
    expect(stepAtDeadline(question, store)).toMatchObject({ kind: 'climb', owner: { name: 'Tom' }, level: 1 });
    // Signed by the senior person: the route does not name them twice.
    expect(routeOf({ route: 'owner', conversationOwner: tom }, store).map((p) => p.name)).toEqual(['Tom', 'Dana']);
  });

  it('counts working hours, and wakes nobody for an urgent one unless the store says so', () => {
    // Friday 2026-11-27, 17:30 in New York.
    const friday = new Date('2026-11-27T22:30:00.000Z');
    expect(deadline(friday, { priority: 'normal', category: 'complaint' }, store).toISOString()).toBe('2026-11-30T17:30:00.000Z');
    expect(deadline(friday, { priority: 'high', category: 'complaint' }, store).toISOString()).toBe('2026-11-30T14:30:00.000Z');
    const wakes = testStore({ escalation: { wakeForUrgent: true } });
    expect(deadline(friday, { priority: 'high', category: 'complaint' }, wakes).toISOString()).toBe('2026-11-27T23:30:00.000Z');
    // A question's answer-by time is the store's (eight working hours by default).
    expect(deadline(friday, { priority: 'normal', category: 'question' }, store).toISOString()).toBe('2026-11-30T21:30:00.000Z');
    // A reminder held back past the end of the day waits for the morning.
    expect(reminderMoment(new Date('2026-11-27T23:30:00.000Z'), 'high', store).toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(reminderMoment(new Date('2026-11-27T23:30:00.000Z'), 'high', wakes).toISOString()).toBe('2026-11-27T23:30:00.000Z');
  });
});

describe('an answer written by a person', () => {
  it('is signed once: their name and the store’s, unless they signed it already', () => {
    expect(signedOnce('A new mug is on its way.', sarah, 'Northwind Home')).toBe('A new mug is on its way.\n\nSarah\nNorthwind Home\n');
    expect(signedOnce('A new mug is on its way.\n\nTom', tom, 'Northwind Home')).toBe('A new mug is on its way.\n\nTom\nNorthwind Home\n');
    expect(signedOnce('Sorry!\n\nBest, Tom', tom, 'Northwind Home')).toBe('Sorry!\n\nBest, Tom\nNorthwind Home\n');
    expect(signedOnce('Sorry!\n\nTom\nNorthwind Home', tom, 'Northwind Home')).toBe('Sorry!\n\nTom\nNorthwind Home\n');
  });
});

describe('a note’s signer', () => {
  it('is the person whose name closes it', () => {
    const note = { text: 'Hi Ada,\n\nIs all well?\n\nThanks,\nTom\nNorthwind Home\n\n--\nRather not? http://x\n' } as Note;
    expect(signerOfNote(note, store, sarah).name).toBe('Tom');
    expect(signerOfNote({ text: 'Hi,\n\nThanks\n' } as Note, store, sarah).name).toBe('Sarah');
  });
});

describe('a check-back’s answer', () => {
  it('is satisfied on a yes or praise, not on a problem or a "not yet"', () => {
    expect(scoreCheckBack({ category: 'praise', reasons: [], strippedText: 'Yes, it arrived, thanks!' }).satisfied).toBe(true);
    expect(scoreCheckBack({ category: 'other', reasons: [], strippedText: 'Ja, alles gut.' }).satisfied).toBe(true);
    expect(scoreCheckBack({ category: 'other', reasons: [], strippedText: 'Not yet.' }).satisfied).toBe(false);
    expect(scoreCheckBack({ category: 'other', reasons: [], strippedText: 'Toujours pas reçu.' }).satisfied).toBe(false);
    expect(scoreCheckBack({ category: 'complaint', reasons: ['problem: broken (en)'], strippedText: 'Yes but it is broken again' }).satisfied).toBe(false);
    expect(scoreCheckBack({ category: 'other', reasons: [], strippedText: 'I will let you know.' }).satisfied).toBe(false);
  });
});

describe('notes that go on', () => {
  const base = { customerKey: 'c', storeId: 'northwind', orders: {}, attempts: 1, version: 1, plannedAt: '2026-11-23T15:00:00.000Z', timeZone: 'America/New_York' };
  it('are the ones a reply held, and those planned before the reply; not stale thank-yous or refunds', () => {
    const now = new Date('2026-12-01T15:00:00.000Z');
    const notes: Note[] = [
      { ...base, noteId: 'a', stage: 'check-in', status: 'held', reason: 'open-escalation', dueAt: '2026-11-26T15:00:00.000Z' },
      { ...base, noteId: 'b', stage: 'thank-you', status: 'held', reason: 'customer-replied', dueAt: '2026-11-23T17:00:00.000Z' },
      { ...base, noteId: 'c', stage: 'check-in', status: 'cancelled', reason: 'order-refunded', dueAt: '2026-11-26T15:00:00.000Z' },
      { ...base, noteId: 'd', stage: 'shipped', status: 'scheduled', dueAt: '2026-12-05T15:00:00.000Z' },
    ];
    const resumed = notesToResume(notes, store, '2026-11-24T15:00:00.000Z', now);
    expect(resumed.map((r) => r.note.noteId)).toEqual(['a', 'd']);
    expect(resumed[1]!.dueAt).toBe('2026-12-05T15:00:00.000Z');
    expect(Date.parse(resumed[0]!.dueAt)).toBeGreaterThanOrEqual(now.getTime());
  });
});

describe('the daily digest', () => {
  it('comes at the store’s hour on working days only', () => {
    // Friday 2026-11-27, 10:00 in New York: the next one is Monday 08:30.
    expect(nextDigestAt(new Date('2026-11-27T15:00:00.000Z'), store).toISOString()).toBe('2026-11-30T13:30:00.000Z');
    expect(nextDigestAt(new Date('2026-11-30T13:00:00.000Z'), store).toISOString()).toBe('2026-11-30T13:30:00.000Z');
  });
});

describe('words for the people of a store', () => {
  it('say why in plain words, in the store’s language', () => {
    expect(describeReasons(['problem: dented (en)', 'urgent: chargeback (en)', 'asks a question (question mark)'], 'en')).toEqual([
      'says “dented”',
      'money, law or safety at stake “chargeback”',
      'asks a question',
    ]);
    expect(describeReasons(['problem: kaputt (de)'], 'de')).toEqual(['schreibt „kaputt“']);
    expect(describeReasons(['opt-out: abmelden (de)'], 'fr')).toEqual(["ne veut plus recevoir d'e-mails"]);
  });

  it('exist in every language for everything said', () => {
    const en = staffWords('en');
    for (const language of LANGUAGES) {
      const words = staffWords(language);
      expect(Object.keys(words.console).sort()).toEqual(Object.keys(en.console).sort());
      expect(words.opening('passed-on', { customer: 'Ada', question: true })).toContain('Ada');
      expect(words.refusal('not-staff', { store: 'Shop', url: 'u' })).toContain('Shop');
    }
  });

  it('say the classifier’s findings in the store’s language, quoting the customer as written', () => {
    const classification = classifyReply({ headers: {}, from: null, subject: 'Re: Thank you', strippedText: 'The mug was smashed in the box.' });
    expect(classification.category).toBe('complaint');
    const [de] = reasonsInWords(classification, 'de');
    expect(de).toMatch(/^schreibt, dass etwas beschädigt ankam oder kaputtging: „.*smashed.*“$/);
    const [en] = reasonsInWords(classification, 'en');
    expect(en).toMatch(/^says it arrived damaged or broke: “.*smashed.*”$/);
  });
});
