import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyFulfillment, shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const logs: string[] = [];
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  const config = testConfig({ escalation: { ladder: [{ name: 'Dana', role: 'Head of support', email: 'dana@northwind.example' }] } });
  rt = await startTestRuntime({ clockStart: START, config, log: (line) => logs.push(line) });
});
afterAll(() => rt?.stop());

const auth = () => ({ authorization: `Bearer ${rt.operatorToken}` });
const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: { ...auth(), 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const mailTo = async (address: string) => (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));

/** A customer with a sent thank-you, ready to reply to it. */
async function customerWithNote(tag: string) {
  const buyer = email(tag);
  const id = String(8_100_000 + ++n);
  await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, firstName: 'Ada', at: rt.clock.now().toISOString(), name: `#${id.slice(-4)}` }));
  for (let day = 0; day < 7 && (await mailTo(buyer)).length === 0; day += 1) await rt.advance('P1D');
  const [note] = await mailTo(buyer);
  return { buyer, orderId: id, note };
}

function replyTo(note: { replyTo: string; subject: string; messageId: string }, from: string, text: string, messageId = `<${randomUUID()}@example.com>`) {
  const to = /<([^>]+)>/.exec(note.replyTo)![1]!;
  const raw = [`From: Ada Lovelace <${from}>`, `To: ${to}`, `Subject: Re: ${note.subject}`, `In-Reply-To: ${note.messageId}`, `Message-ID: ${messageId}`, '', text, '', `On Monday, Sarah wrote:`, '> Is everything OK?', ''].join('\r\n');
  return rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });
}

describe('a reply that needs a person', () => {
  it('goes to the senior person at once, with the order and the customer’s own words', async () => {
    const { buyer, note } = await customerWithNote('dented');
    const inbound = await replyTo(note, buyer, 'The lamp arrived but the shade is dented. What can we do?');
    expect(inbound.body).toMatchObject({ outcome: 'reply', classification: { category: 'complaint', escalate: true } });
    const id = inbound.body.escalationId as string;

    const [notice] = await mailTo('tom@northwind.example');
    expect(notice.subject).toMatch(/^Problem from Ada Lovelace \(order #\d+\): "The lamp arrived but the shade is dented/);
    expect(notice.text).toContain('> The lamp arrived but the shade is dented. What can we do?');
    expect(notice.text).toMatch(/Order #\d+: \$89\.00/);
    expect(notice.text).toContain(`/console/escalations/${id}`);
    expect(notice.text).not.toContain('Is everything OK?');

    const listed = await api('GET', '/api/escalations?status=open');
    const item = listed.body.items.find((e: { id: string }) => e.id === id);
    expect(item).toMatchObject({
      status: 'open',
      priority: 'normal',
      category: 'complaint',
      owner: { name: 'Tom', email: 'tom@northwind.example' },
      customer: { email: buyer, name: 'Ada Lovelace' },
      order: { platform: 'shopify', total: 8900, currency: 'USD', items: [expect.objectContaining({ title: 'Brass Desk Lamp' })] },
      reply: { text: 'The lamp arrived but the shade is dented. What can we do?' },
      reasons: expect.arrayContaining(['says it arrived damaged or broke: “the shade is dented”']),
    });
    expect(Date.parse(item.dueBy)).toBeGreaterThan(rt.clock.now().getTime());

    const one = await api('GET', `/api/escalations/${id}`);
    expect(one.body.conversation.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in']);
    expect(one.body.conversation[0].text).toContain('Ada');
  });

  it('keeps a genuine question with nothing wrong away from the senior person: it is for whoever signed the note', async () => {
    const { buyer, note } = await customerWithNote('question');
    const before = (await mailTo('tom@northwind.example')).length;
    const inbound = await replyTo(note, buyer, 'How should I oil the oak board to keep it nice?');
    expect(inbound.body).toMatchObject({ outcome: 'reply', classification: { category: 'question', escalate: false } });
    expect((await mailTo('tom@northwind.example')).length).toBe(before);
    const { body: question } = await api('GET', `/api/escalations/${inbound.body.escalationId}`);
    expect(question).toMatchObject({ category: 'question', route: 'owner', owner: { name: 'Sarah' } });
  });

  it('passes up the ladder when nobody acknowledges it in time, and the clock stops once somebody does', async () => {
    const { buyer, note } = await customerWithNote('ladder');
    const { body } = await replyTo(note, buyer, 'Still waiting for an answer about the wrong size I received.');
    const id = body.escalationId as string;
    const { body: opened } = await api('GET', `/api/escalations/${id}`);
    await rt.advanceTo(new Date(Date.parse(opened.dueBy) + 60_000).toISOString());
    const passed = (await mailTo('dana@northwind.example')).filter((m: { subject: string }) => m.subject.includes('Ada'));
    expect(passed.length).toBeGreaterThanOrEqual(1);
    expect(passed.at(-1).text).toContain('Nobody has acknowledged this yet, so it comes to you now');
    expect((await api('GET', `/api/escalations/${id}`)).body).toMatchObject({ owner: { name: 'Dana' }, level: 1, status: 'open' });

    expect((await api('POST', `/api/escalations/${id}/ack`)).body).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
    const before = (await rt.outbox()).length;
    await rt.advance('P3D');
    const notices = (await rt.outbox()).slice(before).filter((m: { text: string }) => m.text.includes(id));
    expect(notices).toEqual([]);
  });

  it('makes money, law and safety urgent: acknowledged within the hour, day or night', async () => {
    const { buyer, note } = await customerWithNote('chargeback');
    const { body } = await replyTo(note, buyer, 'It never arrived. I am filing a chargeback with my bank.');
    const { body: e } = await api('GET', `/api/escalations/${body.escalationId}`);
    expect(e).toMatchObject({ priority: 'high' });
    expect(Date.parse(e.dueBy) - rt.clock.now().getTime()).toBe(3_600_000);
    expect((await mailTo('tom@northwind.example')).some((m: { subject: string }) => m.subject.startsWith('Urgent: '))).toBe(true);
  });

  it('lets the owner answer in the same thread, and keeps the customer’s next message in the same escalation', async () => {
    const { buyer, note } = await customerWithNote('thread');
    const customerMessageId = `<${randomUUID()}@mail.example.com>`;
    const { body } = await replyTo(note, buyer, 'The mug came chipped.', customerMessageId);
    const id = body.escalationId as string;

    const answered = await api('POST', `/api/escalations/${id}/reply`, { text: 'So sorry, Ada. A new mug is on its way today.' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('acknowledged');
    expect(answered.body.conversation.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in', 'out']);

    const toCustomer = (await mailTo(buyer)).at(-1);
    // From the persona the customer wrote to, signed by the person who answered.
    expect(toCustomer.from).toBe('Sarah at Northwind Home <sarah@northwind.example>');
    expect(toCustomer.text).toMatch(/\n\nTom\nNorthwind Home\n$/);
    expect(toCustomer.subject).toBe(`Re: ${note.subject}`);
    expect(toCustomer.headers['in-reply-to']).toBe(customerMessageId);
    expect(toCustomer.headers.references).toBe(`${note.messageId} ${customerMessageId}`);
    // Replies keep coming into the same conversation.
    const address = (header: string) => /<([^>]+)>/.exec(header)![1];
    expect(address(toCustomer.replyTo)).toBe(address(note.replyTo));
    expect(toCustomer.text).toContain('A new mug is on its way today.');

    const again = await replyTo(toCustomer, buyer, 'Thanks, but the new one has not arrived yet either.');
    expect(again.body.escalationId).toBe(id);
    const { body: all } = await api('GET', '/api/escalations');
    expect(all.items.filter((e: { customer: { email: string } }) => e.customer.email === buyer)).toHaveLength(1);
  });

  it('resolving lets notes go on, and the next one acknowledges what happened', async () => {
    const { buyer, note } = await customerWithNote('resolved');
    const { body } = await replyTo(note, buyer, 'The shade is cracked.');
    const id = body.escalationId as string;
    expect((await api('POST', `/api/escalations/${id}/resolve`)).body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const profile = (await rt.deps.customers.load(customerKey('northwind', buyer))).profile!;
    expect(profile).toMatchObject({ openEscalations: 0, openEscalationId: null, lastResolvedAt: expect.any(String) });
    await rt.advance('PT1H');
    const second = String(8_100_000 + ++n);
    await rt.shopify('orders/create', shopifyOrder({ id: second, email: buyer, firstName: 'Ada', at: rt.clock.now().toISOString() }));
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: second, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    for (let day = 0; day < 8 && (await mailTo(buyer)).length < 2; day += 1) await rt.advance('P1D');
    const [, next] = await mailTo(buyer);
    expect(next.text).toMatch(/last time|trouble|patience/i);
  });

  it('refuses the API without the operator token, and answers 404 for an unknown escalation', async () => {
    expect((await fetch(`${rt.url}/api/escalations`)).status).toBe(401);
    expect((await fetch(`${rt.url}/api/escalations`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await api('GET', '/api/escalations/northwind.aaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await api('GET', '/api/escalations?status=lost')).status).toBe(400);
    expect((await api('POST', '/api/escalations/northwind.aaaaaaaaaaaaaaaa/reply', { text: '' })).status).toBe(400);
  });
});

describe('the console', () => {
  it('asks a browser to sign in once, then shows and acts on escalations with a session cookie', async () => {
    const { buyer, note } = await customerWithNote('console');
    const { body } = await replyTo(note, buyer, 'The rug has a stain on it.');
    const id = body.escalationId as string;

    const anonymous = await fetch(`${rt.url}/console`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('Operator token');

    const wrong = await fetch(`${rt.url}/console/login`, { method: 'POST', body: 'token=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(wrong.status).toBe(401);

    const login = await fetch(`${rt.url}/console/login`, {
      method: 'POST',
      body: `token=${encodeURIComponent(rt.operatorToken)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/followup_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0]!;

    const list = await fetch(`${rt.url}/console?status=open`, { headers: { cookie: session } });
    const listHtml = await list.text();
    expect(list.status).toBe(200);
    expect(listHtml).toContain('The rug has a stain on it.');

    const page = await (await fetch(`${rt.url}/console/escalations/${id}`, { headers: { cookie: session } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    expect(page).toContain('Acknowledge');

    const forged = await fetch(`${rt.url}/console/escalations/${id}/ack`, {
      method: 'POST',
      body: 'csrf=forged',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);

    const ack = await fetch(`${rt.url}/console/escalations/${id}/ack`, {
      method: 'POST',
      body: `csrf=${csrf}`,
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(ack.status).toBe(303);
    expect((await api('GET', `/api/escalations/${id}`)).body.status).toBe('acknowledged');

    const viaBearer = await fetch(`${rt.url}/console`, { headers: auth() });
    expect(viaBearer.status).toBe(200);
  });
});

describe('the logs of all this', () => {
  it('hold no addresses and none of what customers or owners wrote', () => {
    const all = logs.join('\n');
    expect(logs.some((l) => l.includes('escalation opened'))).toBe(true);
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(all).not.toContain('[address]');
    expect(all).not.toMatch(/dented|chargeback|chipped|new mug/i);
  });
});
