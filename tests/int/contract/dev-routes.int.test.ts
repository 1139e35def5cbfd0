/**
 * The contract's "Dev routes", as an outside check drives them: the virtual clock (still between
 * requests, any ISO 8601 duration, never back, due work run at its own time), the outbox and its
 * filter, and raw mail handed in as SES would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

let rt: TestRuntime;
beforeAll(async () => {
  // A Monday morning in New York: a paid order's thank-you is due the same day.
  rt = await startTestRuntime({ clockStart: '2026-11-23T14:00:00.000Z' });
});
afterAll(() => rt?.stop());

const move = (body: unknown) => rt.post('/dev/clock', JSON.stringify(body), JSON_TYPE);
const api = async (path: string) => (await fetch(`${rt.url}${path}`, { headers: { authorization: `Bearer ${rt.operatorToken}` } })).json() as Promise<any>;

describe('the virtual clock', () => {
  it('stands still between requests', async () => {
    const first = (await rt.get('/dev/clock')).body;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await rt.get('/dev/clock')).body).toEqual(first);
  });

  it('runs a note due exactly at the new time, sent at the time it was scheduled for', async () => {
    await rt.shopify('orders/create', shopifyOrder({ id: '7400001', email: 'ines@example.com', firstName: 'Inès', at: rt.clock.now().toISOString() }));
    const [note] = (await api('/api/scheduled')).items;
    expect(note).toMatchObject({ customer: { email: 'ines@example.com' }, stage: 'thank-you', status: 'scheduled' });
    expect(await move({ to: note.dueAt })).toEqual({ status: 200, body: { now: note.dueAt }, text: expect.any(String) });
    const [sent] = (await rt.get('/dev/outbox?to=ines@example.com')).body.items;
    expect(sent.sentAt).toBe(note.dueAt);
  });

  it('moves by months and years on the calendar, and to a time given without seconds', async () => {
    const now = (await rt.get('/dev/clock')).body.now as string;
    const day = now.slice(8, 10);
    const month = (await move({ advance: 'P1M' })).body.now as string;
    expect(month.slice(0, 10)).toBe(`2026-12-${day}`);
    expect(month.slice(10)).toBe(now.slice(10));
    expect((await move({ advance: 'P1Y' })).body.now.slice(0, 10)).toBe(`2027-12-${day}`);
    expect((await move({ to: '2028-01-10T09:00Z' })).body).toEqual({ now: '2028-01-10T09:00:00.000Z' });
    expect((await move({ to: '2028-01-10T11:00:00+01:00' })).body).toEqual({ now: '2028-01-10T10:00:00.000Z' });
  });

  it('never goes backwards, and says so with 400; nor takes a move it cannot read', async () => {
    const before = (await rt.get('/dev/clock')).body;
    for (const body of [{ to: '2020-01-01T00:00:00Z' }, { advance: '-P1D' }, { advance: 'three days' }, { to: 'tomorrow' }, {}]) {
      const answer = await move(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    expect((await rt.get('/dev/clock')).body).toEqual(before);
  });
});

describe('the outbox', () => {
  it('keeps each message as SES delivered it: Message-ID in angle brackets, the raw MIME, the headers as strings', async () => {
    const [sent] = (await rt.get('/dev/outbox?to=ines@example.com')).body.items;
    expect(sent.messageId).toMatch(/^<[^<>@]+@[^<>]+>$/);
    expect(sent.messageId).toBe(sent.headers['message-id']);
    expect(sent.id).toBe(sent.messageId.slice(1).split('@')[0]);
    const raw = Buffer.from(sent.raw, 'base64').toString('utf8');
    expect(raw).toMatch(new RegExp(`^Message-ID: ${sent.messageId}\\r$`, 'mi'));
    expect(sent.to).toBe('Inès <ines@example.com>');
    expect(sent.replyTo).toMatch(/^Sarah at Northwind Home <reply\+[a-z0-9]+@[^>]+>$/);
    expect(sent.html).toContain('Inès');
  });

  it('filters by an address however it is written, a To header\'s value included', async () => {
    const all = (await rt.get('/dev/outbox?to=ines@example.com')).body.items;
    expect(all).toHaveLength(1);
    for (const to of ['INES@example.com', ' ines@example.com ', 'Inès <ines@example.com>']) {
      expect((await rt.get(`/dev/outbox?to=${encodeURIComponent(to)}`)).body.items, to).toEqual(all);
    }
    expect((await rt.get('/dev/outbox?to=nobody@example.com')).body).toEqual({ items: [] });
  });
});

describe('POST /dev/inbound', () => {
  it('answers a reply with its conversation, escalation and classification, and unknown mail as unmatched', async () => {
    const [note] = (await rt.get('/dev/outbox?to=ines@example.com')).body.items;
    const replyTo = /<([^>]+)>/.exec(note.replyTo)![1]!;
    const raw = `From: Ines <ines@example.com>\r\nTo: ${replyTo}\r\nSubject: Re: ${note.subject}\r\nMessage-ID: <ines-1@example.com>\r\n\r\nThe lamp arrived broken.\r\n`;
    const reply = await rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      outcome: 'reply',
      conversationId: expect.any(String),
      escalationId: expect.any(String),
      classification: { category: 'complaint', escalate: true },
    });
    const escalation = await api(`/api/escalations/${reply.body.escalationId}`);
    expect(escalation).toMatchObject({ status: 'open', customer: { email: 'ines@example.com' }, reply: { text: 'The lamp arrived broken.' } });
    const answered = await fetch(`${rt.url}/api/escalations/${reply.body.escalationId}/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.operatorToken}`, ...JSON_TYPE },
      body: JSON.stringify({ text: 'So sorry, a new one is on its way.' }),
    });
    expect(answered.status).toBe(200);
    const staff = (await rt.get('/dev/outbox?to=ines@example.com')).body.items.at(-1);
    expect(staff).toMatchObject({ from: 'Sarah at Northwind Home <sarah@northwind.example>', subject: `Re: ${note.subject}`, html: null });
    expect(staff.headers['in-reply-to']).toBe('<ines-1@example.com>');
    expect(staff.headers.references).toContain(note.messageId);

    const stranger = await rt.post('/dev/inbound', 'From: someone@example.com\r\nTo: hello@in.northwind.example\r\nSubject: hi\r\n\r\nHello\r\n', { 'content-type': 'message/rfc822' });
    expect(stranger.status).toBe(200);
    expect(stranger.body.outcome).toBe('unmatched');
    expect(stranger.body.escalationId).toBeUndefined();
  });

  it('threads the answer under the note when the customer’s mail carried no Message-ID', async () => {
    await rt.shopify('orders/create', shopifyOrder({ id: '7400002', email: 'omar@example.com', firstName: 'Omar', at: rt.clock.now().toISOString() }));
    await move({ advance: 'P3D' });
    const [note] = (await rt.get('/dev/outbox?to=omar@example.com')).body.items;
    const raw = `From: Omar <omar@example.com>\r\nTo: ${/<([^>]+)>/.exec(note.replyTo)![1]}\r\nSubject: Re: ${note.subject}\r\n\r\nThe lamp arrived broken.\r\n`;
    const { escalationId } = (await rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' })).body;
    await fetch(`${rt.url}/api/escalations/${escalationId}/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.operatorToken}`, ...JSON_TYPE },
      body: JSON.stringify({ text: 'So sorry, Omar.' }),
    });
    const staff = (await rt.get('/dev/outbox?to=omar@example.com')).body.items.at(-1);
    expect(staff.headers['in-reply-to']).toBe(note.messageId);
    expect(staff.headers.references).toBe(note.messageId);
  });

  it('answers an empty body 400', async () => {
    const empty = await rt.post('/dev/inbound', '', { 'content-type': 'message/rfc822' });
    expect(empty.status).toBe(400);
  });
});
