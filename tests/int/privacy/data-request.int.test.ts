/**
 * A customer's request for their data, through the local runtime: Shopify's
 * customers/data_request leaves one JSON file with everything held about them for the store's
 * owner, who is told by email and downloads it from the console; the operator API answers a
 * request that came another way.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { mailTo, shopifyConversation } from '../../support/held.ts';
import { fixture, shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const nextId = () => String(7_700_000 + ++n);

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

async function signIn(): Promise<string> {
  const login = await fetch(`${rt.url}/console/login`, {
    method: 'POST',
    body: `token=${encodeURIComponent(rt.operatorToken)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('customers/data_request', () => {
  it('exports everything held about the customer into one file the store’s owner is sent a link to', async () => {
    const ada = await shopifyConversation(rt, { buyer: email('ada'), orderId: nextId() });
    const unpaid = nextId();
    await rt.shopify('orders/create', shopifyOrder({ id: unpaid, email: ada.buyer, at: rt.clock.now().toISOString(), financialStatus: 'pending' }));
    const payload = { ...fixture('shopify/customers-data-request.json'), customer: { id: 5, email: ada.buyer, phone: null }, orders_requested: [Number(ada.orderId)], data_request: { id: 4242 } };

    const answer = await rt.shopify('customers/data_request', payload, { webhookId: `data-${ada.orderId}` });
    expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });

    const [notice] = await mailTo(rt, 'tom@northwind.example').then((all) => all.filter((m: { subject: string }) => /asked for their data/.test(m.subject)));
    expect(notice).toBeDefined();
    expect(notice.text).toContain(`request 4242`);
    const link = /(http\S+\/console\/exports\/northwind\/\S+\.json)/.exec(notice.text)![1]!;
    expect(new URL(link).pathname).toBe(`/console/exports/northwind/${customerKey('northwind', ada.buyer)}.json`);

    // The link needs the console's sign-in.
    const path = new URL(link).pathname;
    expect((await fetch(`${rt.url}${path}`)).status).toBe(401);
    const file = await fetch(`${rt.url}${path}`, { headers: { cookie: await signIn() } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const data = (await file.json()) as Record<string, any>;
    expect(data.customer).toEqual({ email: ada.buyer });
    expect(data.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual([ada.orderId, unpaid].sort());
    expect(data.profiles).toHaveLength(1);
    expect(data.notes).toHaveLength(1);
    expect(data.messages.map((m: { text: string }) => m.text)).toEqual(
      expect.arrayContaining(['The lamp arrived dented. What can we do?', expect.stringContaining('So sorry, a new shade is on its way.')]),
    );
    expect(data.escalations.map((e: { id: string }) => e.id)).toEqual([ada.escalationId]);
    expect(data.rawMail).toEqual([{ mailId: ada.mailId, message: expect.stringContaining('The lamp arrived dented.') }]);
    // The table's machinery is not the customer's data.
    expect(JSON.stringify(data)).not.toMatch(/"(pk|sk|duePk|dueSk|claimToken|customerRef)"/);

    // Recorded as answered only now that it is: the same delivery again is a duplicate, and no second email goes out.
    expect((await rt.shopify('customers/data_request', payload, { webhookId: `data-${ada.orderId}` })).body.status).toBe('duplicate');
    expect((await mailTo(rt, 'tom@northwind.example')).filter((m: { subject: string }) => /asked for their data/.test(m.subject))).toHaveLength(1);
  });

  it('is gone with the customer: an erasure deletes the file too', async () => {
    const buyer = email('gone');
    const id = nextId();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: rt.clock.now().toISOString() }));
    const request = { ...fixture('shopify/customers-data-request.json'), customer: { id: 6, email: buyer, phone: null }, orders_requested: [Number(id)] };
    expect((await rt.shopify('customers/data_request', request)).body.status).toBe('accepted');
    const key = `exports/northwind/${customerKey('northwind', buyer)}.json`;
    expect(await rt.deps.files.get(key)).not.toBeNull();

    const redact = { ...fixture('shopify/customers-redact.json'), customer: { id: 6, email: buyer, phone: null }, orders_to_redact: [Number(id)] };
    expect((await rt.shopify('customers/redact', redact)).body.status).toBe('accepted');
    expect(await rt.deps.files.get(key)).toBeNull();
  });
});

describe('the operator’s export', () => {
  it('answers with the customer’s data through the API, for a customer of any platform', async () => {
    const buyer = email('api');
    const id = nextId();
    await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, at: rt.clock.now().toISOString() }));
    const res = await fetch(`${rt.url}/api/customers/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ store: 'northwind', email: buyer }),
    });
    expect(res.status).toBe(200);
    const data = (await res.json()) as Record<string, any>;
    expect(data.orders.map((o: { orderId: string }) => o.orderId)).toEqual([id]);
    expect(data.request.by).toBe('operator API');
  });

  it('downloads from the console’s privacy page', async () => {
    const buyer = email('console');
    await rt.shopify('orders/create', shopifyOrder({ id: nextId(), email: buyer, at: rt.clock.now().toISOString() }));
    const cookie = await signIn();
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await fetch(`${rt.url}/console/privacy`, { headers: { cookie } })).text())![1]!;
    const res = await fetch(`${rt.url}/console/privacy/export`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, store: 'northwind', email: buyer }).toString(),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, any>).customer).toEqual({ email: buyer });
  });
});
