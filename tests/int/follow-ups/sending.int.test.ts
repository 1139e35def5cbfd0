import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { localParts } from '../../../functions/core/domain/zoned-time.ts';
import { shopifyFulfillment, shopifyOrder, shopifyRefund } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const nextId = () => String(6_000_000_000_000 + ++n);
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

async function mailTo(address: string) {
  return (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));
}

/** Moves the clock a day at a time (weekends hold notes) until the customer has `count` emails. */
async function untilMail(address: string, count: number, days = 7) {
  for (let day = 0; day < days; day += 1) {
    const mails = await mailTo(address);
    if (mails.length >= count) return mails;
    await rt.advance('P1D');
  }
  return mailTo(address);
}

function expectInsideWindow(sentAt: string, zone: string) {
  const p = localParts(new Date(sentAt), zone);
  const minutes = p.hour * 60 + p.minute;
  expect(p.weekday, `${sentAt} is a weekday in ${zone}`).toBeLessThanOrEqual(5);
  expect(minutes, `${sentAt} is after 09:30 in ${zone}`).toBeGreaterThanOrEqual(9 * 60 + 30);
  expect(minutes, `${sentAt} is before 17:15 in ${zone}`).toBeLessThan(17 * 60 + 15);
}

async function paidOrder(buyer: string, opts: Parameters<typeof shopifyOrder>[0] extends infer T ? Partial<T> : never = {}) {
  const id = nextId();
  const at = rt.clock.now().toISOString();
  const res = await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at, ...opts }));
  expect(res.body.status).toBe('accepted');
  return id;
}

describe('when notes leave', () => {
  it('sends the thank-you inside the send window of each customer’s own time zone', async () => {
    const customers = [
      { buyer: email('ny'), zone: 'America/New_York', address: { country: 'US', province: 'NY' }, locale: 'en' },
      { buyer: email('berlin'), zone: 'Europe/Berlin', address: { country: 'DE' }, locale: 'de' },
      { buyer: email('sydney'), zone: 'Australia/Sydney', address: { country: 'AU', province: 'NSW' }, locale: 'en' },
    ];
    const paidAt = rt.clock.now().getTime();
    for (const c of customers) await paidOrder(c.buyer, { address: c.address, locale: c.locale });
    await rt.advance('P2D');
    for (const c of customers) {
      const mails = await mailTo(c.buyer);
      expect(mails, c.zone).toHaveLength(1);
      expect(Date.parse(mails[0].sentAt)).toBeGreaterThanOrEqual(paidAt + 2 * 3_600_000);
      expectInsideWindow(mails[0].sentAt, c.zone);
    }
    // Not all at the same minute, like a mail merge would.
    const sent = await Promise.all(customers.map(async (c) => (await mailTo(c.buyer))[0].sentAt as string));
    expect(new Set(sent.map((s) => s.slice(14, 19))).size).toBe(customers.length);
  });

  it('sends the check-in a few days after delivery, at the moment it was scheduled for', async () => {
    const buyer = email('checkin');
    const id = await paidOrder(buyer);
    await untilMail(buyer, 1);
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    const deliveredAt = rt.clock.now().getTime();
    const mails = await untilMail(buyer, 2, 10);
    expect(mails).toHaveLength(2);
    const checkIn = mails[1];
    expect(Date.parse(checkIn.sentAt)).toBeGreaterThanOrEqual(deliveredAt + 3 * 86_400_000);
    expectInsideWindow(checkIn.sentAt, 'America/New_York');
    const note = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes.find((n) => n.stage === 'check-in')!;
    expect(note).toMatchObject({ status: 'sent', sentAt: checkIn.sentAt, messageId: checkIn.messageId });
  });
});

describe('what stops a note', () => {
  it('a refund before the send stops it', async () => {
    const buyer = email('refund');
    const id = await paidOrder(buyer);
    await rt.shopify('refunds/create', shopifyRefund({ orderId: id, at: rt.clock.now().toISOString() }));
    await rt.advance('P5D');
    expect(await mailTo(buyer)).toHaveLength(0);
  });

  it('a reply from the customer holds the next note: a person has taken over', async () => {
    const buyer = email('reply');
    const id = await paidOrder(buyer);
    const [thanks] = await untilMail(buyer, 1);
    expect(thanks).toBeDefined();
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    const replyTo = /<([^>]+)>/.exec(thanks.replyTo)![1]!;
    const reply = [
      `From: Maya <${buyer}>`,
      `To: ${replyTo}`,
      'Subject: Re: ' + thanks.subject,
      `In-Reply-To: ${thanks.messageId}`,
      'Message-ID: <reply-1@example.com>',
      '',
      'The lamp arrived but the shade is dented. What can we do?',
      '',
    ].join('\r\n');
    const inbound = await rt.post('/dev/inbound', reply, { 'content-type': 'message/rfc822' });
    expect(inbound.body).toMatchObject({
      outcome: 'reply',
      classification: { category: 'complaint', escalate: true, strippedText: 'The lamp arrived but the shade is dented. What can we do?' },
    });
    await rt.advance('P7D');
    expect(await mailTo(buyer)).toHaveLength(1);
    const notes = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
    expect(notes.find((n) => n.stage === 'check-in')).toMatchObject({ status: 'held', reason: 'customer-replied' });
  });

  it('an out-of-office answer does not count as a reply', async () => {
    const buyer = email('away');
    const id = await paidOrder(buyer);
    const [thanks] = await untilMail(buyer, 1);
    const replyTo = /<([^>]+)>/.exec(thanks.replyTo)![1]!;
    const auto = [`From: ${buyer}`, `To: ${replyTo}`, 'Subject: Out of Office', 'Auto-Submitted: auto-replied', '', 'I am away until Monday.', ''].join('\r\n');
    expect((await rt.post('/dev/inbound', auto, { 'content-type': 'message/rfc822' })).body.outcome).toBe('auto-reply');
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    await rt.advance('P7D');
    expect(await mailTo(buyer)).toHaveLength(2);
  });
});

describe('exactly once', () => {
  it('a duplicate webhook never yields a second email', async () => {
    const buyer = email('dupe');
    const id = nextId();
    const payload = shopifyOrder({ id, email: buyer, at: rt.clock.now().toISOString() });
    await rt.shopify('orders/create', payload, { webhookId: 'same-delivery' + id });
    await rt.shopify('orders/create', payload, { webhookId: 'same-delivery' + id });
    await rt.shopify('orders/paid', payload);
    await rt.advance('P4D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('two orders delivered two days apart get one check-in that mentions both', async () => {
    const buyer = email('two');
    const first = await paidOrder(buyer, { items: [{ title: 'Brass Desk Lamp', price: '89.00' }] });
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: first, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    await rt.advance('P2D');
    const second = await paidOrder(buyer, { items: [{ title: 'Linen Duvet Cover', variant: 'Queen / Sage', price: '248.00' }] });
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: second, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    await rt.advance('P10D');
    const notes = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes.filter((n) => n.stage === 'check-in');
    expect(notes).toHaveLength(1);
    expect(Object.keys(notes[0]!.orders).sort()).toEqual([`shopify:${first}`, `shopify:${second}`].sort());
    const checkIns = (await mailTo(buyer)).filter((m: { subject: string }) => m.subject === notes[0]!.subject);
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0].text).toMatch(/lamp/i);
    expect(checkIns[0].text).toMatch(/duvet cover/i);
  });

  it('throttling is retried later, with backoff, and yields exactly one email', async () => {
    const buyer = email('throttle');
    await paidOrder(buyer);
    const [planned] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
    // Everything due before this note goes first, so the two refusals are this note's.
    await rt.advanceTo(new Date(Date.parse(planned!.dueAt) - 1_000).toISOString());
    rt.ses.injectFaults({ throttle: 2 });
    const [mail] = await untilMail(buyer, 1);
    // Two refusals: tried again one minute, then two minutes later.
    expect(Date.parse(mail.sentAt) - Date.parse(planned!.dueAt)).toBeGreaterThanOrEqual(3 * 60_000);
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('a crash between the send and its record yields exactly one email', async () => {
    const buyer = email('crash');
    await paidOrder(buyer);
    const [planned] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
    await rt.advanceTo(new Date(Date.parse(planned!.dueAt) - 1_000).toISOString());
    rt.ses.injectFaults({ acceptThenFail: 1 });
    const [mail] = await untilMail(buyer, 1);
    const [note] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
    expect(note!.attempts).toBe(1);
    // The sender never heard back; SES's Send event settled the note with the right Message-ID.
    expect(note).toMatchObject({ status: 'sent', sesMessageId: mail.id, messageId: mail.messageId });
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });
});

describe('unsubscribe and suppression', () => {
  it('one-click POST unsubscribes, GET only shows the page, and nothing is sent after', async () => {
    const buyer = email('unsub');
    const id = await paidOrder(buyer);
    const [thanks] = await untilMail(buyer, 1);
    expect(thanks.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = /<(http[^>]+)>/.exec(thanks.headers['list-unsubscribe'])![1]!;
    const path = new URL(link).pathname + new URL(link).search;

    const page = await rt.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form method="post"/);
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toEqual([]);

    const oneClick = await rt.post(path, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(oneClick.status).toBe(200);
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toEqual(['unsubscribed']);

    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    await rt.advance('P7D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('a customer who writes back asking to stop is unsubscribed from the store', async () => {
    const buyer = email('stop');
    await paidOrder(buyer);
    const [thanks] = await untilMail(buyer, 1);
    const replyTo = /<([^>]+)>/.exec(thanks.replyTo)![1]!;
    const reply = [`From: ${buyer}`, `To: ${replyTo}`, 'Subject: Re: ' + thanks.subject, '', 'Please unsubscribe me from these.', ''].join('\r\n');
    const inbound = await rt.post('/dev/inbound', reply, { 'content-type': 'message/rfc822' });
    expect(inbound.body).toMatchObject({ outcome: 'reply', classification: { category: 'unsubscribe', escalate: false } });
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toEqual(['unsubscribed']);
  });

  it('a forged unsubscribe link changes nothing', async () => {
    const res = await rt.post('/unsubscribe?t=abcdefghijklmnopqrst.abcdefghijklmnop', 'List-Unsubscribe=One-Click');
    expect(res.status).toBe(400);
  });

  it('an address that bounced gets nothing more', async () => {
    const buyer = 'bounce@simulator.amazonses.com';
    const id = await paidOrder(buyer);
    expect(await untilMail(buyer, 1)).toHaveLength(1);
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toEqual(['bounced']);
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId: id, at: rt.clock.now().toISOString(), shipmentStatus: 'delivered' }));
    await rt.advance('P7D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });
});
