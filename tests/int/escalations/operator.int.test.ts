/**
 * The operator's side, through the local runtime: conversations as the contract shapes them,
 * handing an escalation to someone else, people who see only their own stores and whose actions
 * carry their name, an answer posted twice that goes once, one signature, the note shown as sent
 * by whoever signed it, and a German store that hears about its customers in German.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, api, customersWithNotes, customerWithNote, mailTo, replyTo, type Sent } from '../../support/conversations.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

const BERLIN = {
  id: 'lindenhaus',
  name: 'Lindenhaus',
  timeZone: 'Europe/Berlin',
  language: 'de',
  currency: 'EUR',
  persona: { name: 'Anna', role: 'Kundenservice', email: 'anna@lindenhaus.example' },
  senior: { name: 'Jonas', role: 'Inhaber', email: 'jonas@lindenhaus.example' },
};

beforeAll(async () => {
  // Two paid orders make a long-time customer here, whose notes the senior person signs.
  const config = testConfig({ loyalty: { orders: 2, years: 2, signedBy: 'senior' } }, [BERLIN]);
  rt = await startTestRuntime({ clockStart: START, config });
});
afterAll(() => rt?.stop());

const about = (mails: Sent[], words: string) => mails.filter((m) => m.text.includes(words) || m.subject.includes(words));

describe('conversations', () => {
  it('list every reply newest first, filtered as asked, each with the contract’s fields', async () => {
    const [praise, question, problem] = await customersWithNotes(rt, ['conv-praise', 'conv-question', 'conv-problem']);
    const p = (await replyTo(rt, praise.note, praise.buyer, 'Thank you, the lamp is lovely!')).body;
    await rt.advance('PT1M');
    const q = (await replyTo(rt, question.note, question.buyer, 'Do you ship to Canada as well?')).body;
    await rt.advance('PT1M');
    const c = (await replyTo(rt, problem.note, problem.buyer, 'The lamp arrived broken.')).body;

    const open = await api(rt, 'GET', '/api/conversations?status=open');
    expect(open.status).toBe(200);
    const ids = open.body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(c.conversationId)).toBeLessThan(ids.indexOf(q.conversationId));
    expect(ids).not.toContain(p.conversationId);
    const item = open.body.items.find((i: { id: string }) => i.id === q.conversationId);
    expect(item).toEqual({
      id: q.conversationId,
      store: 'northwind',
      customer: { email: question.buyer, name: 'Ada Lovelace' },
      owner: { id: 'sarah@northwind.example', name: 'Sarah', role: 'Customer care', email: 'sarah@northwind.example' },
      category: 'question',
      status: 'open',
      dueBy: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastMessage: { from: 'customer', text: 'Do you ship to Canada as well?', at: expect.any(String) },
      escalationId: q.escalationId,
      escalationStatus: 'open',
      language: 'en',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(open.body.items.find((i: { id: string }) => i.id === c.conversationId)).toMatchObject({ owner: { name: 'Tom' }, category: 'complaint', status: 'open' });

    const all = await api(rt, 'GET', '/api/conversations?status=all&category=praise&store=northwind');
    expect(all.body.items.map((i: { id: string }) => i.id)).toContain(p.conversationId);
    expect(all.body.items.every((i: { category: string; store: string }) => i.category === 'praise' && i.store === 'northwind')).toBe(true);
    expect(all.body.items.find((i: { id: string }) => i.id === p.conversationId)).toMatchObject({ status: 'closed', dueBy: null, escalationId: null });

    const one = await api(rt, 'GET', `/api/conversations/${q.conversationId}`);
    expect(one.body.messages.map((m: { direction: string; from: string }) => [m.direction, m.from])).toEqual([
      ['out', 'Sarah'],
      ['in', question.buyer],
    ]);
    const byAddress = await api(rt, 'GET', `/api/conversations/${encodeURIComponent(question.buyer)}`);
    expect(byAddress.body.id).toBe(q.conversationId);

    expect((await api(rt, 'GET', '/api/conversations?status=waiting')).status).toBe(400);
    expect((await api(rt, 'GET', '/api/conversations/aaaaaaaaaaaaaaaaaaaa.aaaaaaaaaa')).status).toBe(404);
    expect((await fetch(`${rt.url}/api/conversations`)).status).toBe(401);
  });

  it('show the note as sent by whoever signed it, and belong to them', async () => {
    const first = await customerWithNote(rt, 'longtime');
    const second = await customerWithNote(rt, 'longtime', { buyer: first.buyer });
    expect(second.note.from).toBe('Tom at Northwind Home <tom@northwind.example>');
    const { body } = await replyTo(rt, second.note, first.buyer, 'Thanks Tom, always a pleasure to order from you.');
    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${body.conversationId}`);
    expect(conversation.owner.name).toBe('Tom');
    expect(conversation.messages[0]).toMatchObject({ direction: 'out', from: 'Tom', kind: 'note' });
  });
});

describe('an escalation handed to someone else', () => {
  it('changes its owner, tells the new one, and records who did it', async () => {
    const { buyer, note } = await customerWithNote(rt, 'reassign');
    const { body } = await replyTo(rt, note, buyer, 'The cushion cover is torn.');
    const id = body.escalationId as string;
    const sarahBefore = (await mailTo(rt, 'sarah@northwind.example')).length;

    const handed = await api(rt, 'POST', `/api/escalations/${id}/reassign`, { to: 'sarah@northwind.example' });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ owner: { id: 'sarah@northwind.example', name: 'Sarah' }, status: 'open' });
    expect(handed.body.history.at(-1)).toMatchObject({ action: 'reassigned', by: 'operator', owner: { name: 'Sarah' }, from: { name: 'Tom' } });
    const [notice] = about((await mailTo(rt, 'sarah@northwind.example')).slice(sarahBefore), 'cushion cover');
    expect(notice!.text).toContain('Operator handed this to you.');

    expect((await api(rt, 'POST', `/api/escalations/${id}/reassign`, { to: 0 })).body).toMatchObject({ owner: { name: 'Tom' }, level: 0 });
    expect((await api(rt, 'POST', `/api/escalations/${id}/reassign`, { to: 'nobody' })).status).toBe(400);
    expect((await api(rt, 'POST', `/api/escalations/${id}/reassign`, {})).status).toBe(400);
    expect((await api(rt, 'POST', '/api/escalations/northwind.aaaaaaaaaaaaaaaa/reassign', { to: 0 })).status).toBe(404);
  });
});

describe('people with their own tokens', () => {
  it('see only the stores they belong to, and their actions carry their id', async () => {
    const people = await api(rt, 'GET', '/api/people');
    const anna = people.body.items.find((p: { id: string }) => p.id === 'anna@lindenhaus.example');
    expect(anna).toMatchObject({ name: 'Anna', stores: ['lindenhaus'], token: expect.stringMatching(/^p\./) });

    const german = await customerWithNote(rt, 'kundin', { store: 'lindenhaus', locale: 'de', address: { country: 'DE', city: 'Berlin' } });
    const { body } = await replyTo(rt, german.note, german.buyer, 'Der Lampenschirm ist zerkratzt angekommen.');
    const mine = await api(rt, 'GET', '/api/escalations', undefined, anna.token);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((e: { storeId: string }) => e.storeId === 'lindenhaus')).toBe(true);
    const theirs = (await api(rt, 'GET', '/api/escalations?store=northwind')).body.items[0];
    expect((await api(rt, 'GET', `/api/escalations/${theirs.id}`, undefined, anna.token)).status).toBe(404);
    expect((await api(rt, 'GET', '/api/conversations?status=all', undefined, anna.token)).body.items.every((c: { store: string }) => c.store === 'lindenhaus')).toBe(true);

    const acked = await api(rt, 'POST', `/api/escalations/${body.escalationId}/ack`, undefined, anna.token);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'anna@lindenhaus.example' });
    expect((await api(rt, 'GET', '/api/people', undefined, anna.token)).status).toBe(403);
    expect((await api(rt, 'GET', '/api/escalations', undefined, `${anna.token.slice(0, -2)}xx`)).status).toBe(401);
  });
});

describe('an answer from the console or the API', () => {
  it('goes once when posted twice at the same moment, and carries one signature', async () => {
    const { buyer, note } = await customerWithNote(rt, 'double');
    const { body } = await replyTo(rt, note, buyer, 'The lamp stopped working after one day.');
    const before = (await mailTo(rt, buyer)).length;
    const text = 'So sorry, Ada. A new lamp is on its way today.\n\nTom';
    const [a, b] = await Promise.all([
      api(rt, 'POST', `/api/escalations/${body.escalationId}/reply`, { text }),
      api(rt, 'POST', `/api/escalations/${body.escalationId}/reply`, { text }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const sent = (await mailTo(rt, buyer)).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe('So sorry, Ada. A new lamp is on its way today.\n\nTom\nNorthwind Home\n');
    expect(sent[0]!.from).toBe('Sarah at Northwind Home <sarah@northwind.example>');

    const next = await api(rt, 'POST', `/api/escalations/${body.escalationId}/reply`, { text: 'It was delivered this morning, I see.' });
    expect(next.status).toBe(200);
    expect((await mailTo(rt, buyer)).slice(before)).toHaveLength(2);
    expect(next.body.conversation.filter((m: { kind?: string }) => m.kind === 'answer')).toHaveLength(2);
  });
});

describe('a German store', () => {
  it('hears about its customers in German, in the console too, and its unsubscribe page speaks German', async () => {
    const problem = await customerWithNote(rt, 'kaputt', { store: 'lindenhaus', locale: 'de', address: { country: 'DE', city: 'Berlin' } });
    expect(problem.note.from).toBe('Anna von Lindenhaus <anna@lindenhaus.example>');
    const { body } = await replyTo(rt, problem.note, problem.buyer, 'Die Lampe ist leider kaputt angekommen. Was kann ich tun?');
    const [notice] = about(await mailTo(rt, 'jonas@lindenhaus.example'), 'kaputt angekommen');
    expect(notice!.subject).toMatch(/^Problem von Ada Lovelace \(Bestellung #\d+\): „Die Lampe ist leider kaputt angekommen/);
    expect(notice!.text).toContain('Hallo Jonas,');
    expect(notice!.text).toContain('Ada Lovelace hat geantwortet, und das braucht dich.');
    expect(notice!.text).toMatch(/Was Ada Lovelace geschrieben hat \([^)]*, auf Deutsch\):\n> Die Lampe ist leider kaputt angekommen\./);
    expect(notice!.text).toMatch(/Warum das bei dir landet: schreibt, dass etwas beschädigt ankam oder kaputtging: „[^“]*kaputt[^“]*“/);
    expect(notice!.text).toMatch(/Bitte bestätige bis /);
    expect(notice!.text).toContain('Um Ada zu antworten, antworte auf diese Mail');
    expect(address(notice!.replyTo)).toMatch(/^reply\+s/);

    const question = await customerWithNote(rt, 'frage', { store: 'lindenhaus', locale: 'de', address: { country: 'DE', city: 'Berlin' } });
    await replyTo(rt, question.note, question.buyer, 'Gibt es die Lampe auch in Grün?');
    const [toAnna] = about(await mailTo(rt, 'anna@lindenhaus.example'), 'in Grün');
    expect(toAnna!.subject).toMatch(/^Frage von Ada Lovelace/);
    expect(toAnna!.text).toMatch(/Bitte antworte bis /);

    const page = await fetch(`${rt.url}/console/escalations/${body.escalationId}`, { headers: { authorization: `Bearer ${rt.operatorToken}` } });
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Gespräch');
    expect(html).toContain('Bestätigen');
    expect(html).toContain('auf Deutsch');

    const unsubscribe = /<([^>]+)>/.exec(problem.note.headers['list-unsubscribe']!)![1]!.replace('http://localhost:3000', rt.url);
    const confirm = await (await fetch(unsubscribe)).text();
    expect(confirm).toContain('Keine Nachrichten mehr von Lindenhaus?');
    expect(confirm).toContain('<html lang="de">');
  });
});
