/**
 * The contract's operator routes, as the defaults and filters an outside check leans on: the
 * escalations' status filter (none: all), the conversations' status (open unless asked, then
 * closed or all), and the notes to come within the default horizon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, customersWithNotes, mailTo, replyTo } from '../../support/conversations.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

let rt: TestRuntime;
let problem: string;
let question: string;
beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: '2026-11-23T14:00:00.000Z' });
  const [ada, lin] = await customersWithNotes(rt, ['ada', 'lin']);
  problem = (await replyTo(rt, ada.note, ada.buyer, 'The lamp arrived broken.')).body.escalationId;
  question = (await replyTo(rt, lin.note, lin.buyer, 'Does the shade come in green?')).body.escalationId;
  expect(await api(rt, 'POST', `/api/escalations/${problem}/resolve`)).toMatchObject({ status: 200, body: { status: 'resolved' } });
});
afterAll(() => rt?.stop());

const ids = (items: Array<{ id: string; escalationId?: string }>) => items.map((i) => i.escalationId ?? i.id).sort();

describe('GET /api/escalations', () => {
  it('answers every escalation without a status, and only those of the status asked for', async () => {
    expect(ids((await api(rt, 'GET', '/api/escalations')).body.items)).toEqual([problem, question].sort());
    expect(ids((await api(rt, 'GET', '/api/escalations?status=open')).body.items)).toEqual([question]);
    expect(ids((await api(rt, 'GET', '/api/escalations?status=resolved')).body.items)).toEqual([problem]);
    expect((await api(rt, 'GET', '/api/escalations?status=acknowledged')).body).toEqual({ items: [] });
    expect((await api(rt, 'GET', '/api/escalations?status=later')).status).toBe(400);
  });
});

describe('GET /api/conversations', () => {
  it('answers those waiting for a person unless asked, and closed or all ones when asked', async () => {
    const open = (await api(rt, 'GET', '/api/conversations')).body.items;
    expect(ids(open)).toEqual([question]);
    expect(open[0]).toMatchObject({ status: 'open', category: 'question', lastMessage: { from: 'customer', text: 'Does the shade come in green?' } });
    expect((await api(rt, 'GET', '/api/conversations?status=open')).body.items).toEqual(open);
    const closed = (await api(rt, 'GET', '/api/conversations?status=closed')).body.items;
    expect(ids(closed)).toEqual([problem]);
    expect(closed[0]).toMatchObject({ status: 'closed', category: 'complaint' });
    expect(ids((await api(rt, 'GET', '/api/conversations?status=all')).body.items)).toEqual([problem, question].sort());
    expect(ids((await api(rt, 'GET', '/api/conversations?status=all&category=complaint')).body.items)).toEqual([problem]);
    expect((await api(rt, 'GET', '/api/conversations?status=waiting')).status).toBe(400);
  });
});

describe('an operator action with a body it cannot use', () => {
  it('answers 400 naming the field and what to send', async () => {
    const reassign = await api(rt, 'POST', `/api/escalations/${question}/reassign`, {});
    expect(reassign.status).toBe(400);
    expect(reassign.body.error).toMatch(/^to: .*\(send \{"to": "<person id or rung>"\}\)$/);
    const reply = await api(rt, 'POST', `/api/escalations/${question}/reply`, { text: ' ' });
    expect(reply).toMatchObject({ status: 400, body: { error: expect.stringContaining('text: text must not be empty') } });
  });
});

describe('POST /api/escalations/{id}/reassign to the person who has it', () => {
  it('changes nothing, and sends them no second notice', async () => {
    const before = (await api(rt, 'GET', `/api/escalations/${question}`)).body;
    const notices = (await mailTo(rt, before.owner.email)).length;
    const again = await api(rt, 'POST', `/api/escalations/${question}/reassign`, { to: before.owner.email });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ owner: before.owner, dueBy: before.dueBy, history: before.history });
    await rt.advance('PT1M');
    expect((await mailTo(rt, before.owner.email)).length).toBe(notices);
  });
});
