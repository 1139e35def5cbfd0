/**
 * Orders and replies larger than a DynamoDB item (400 KB), through the local runtime: a webhook
 * up to the 1 MiB limit and a 10 MB reply are taken in, stored within an item (what a note and
 * the console need), and kept whole beside the table. Before, both were answered 500 on every
 * retry: Shopify disables a webhook that keeps failing, and the reply was lost.
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { mailTo, tableItems } from '../../support/held.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';

const START = '2026-11-23T15:00:00.000Z';
const MIB = 1024 * 1024;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

/** A Shopify order of 250 line items with the longest multi-byte names Shopify allows, padded to exactly `size` bytes. */
function hugeOrder(id: string, buyer: string, size: number): string {
  const cjk = (seed: number, length: number) => Array.from({ length }, (_, i) => String.fromCodePoint(0x4e00 + ((seed * 31 + i) % 20000))).join('');
  const order = shopifyOrder({
    id,
    email: buyer,
    at: START,
    items: Array.from({ length: 250 }, (_, i) => ({ title: cjk(i, 300), variant: cjk(i + 7, 200), price: '1.00' })),
  });
  order.line_items = order.line_items.map((item: Record<string, unknown>, i: number) => ({ ...item, sku: cjk(i + 3, 100), name: 'x' }));
  order.note = '';
  const base = Buffer.byteLength(JSON.stringify(order));
  if (base > size) throw new Error(`the order is ${base} bytes before padding, over ${size}`);
  order.note = 'n'.repeat(size - base);
  const body = JSON.stringify(order);
  expect(Buffer.byteLength(body)).toBe(size);
  return body;
}

async function postOrder(body: string, webhookId: string) {
  const res = await rt.post('/webhooks/shopify', body, shopifyHeaders('orders/create', body, 'local-shopify-secret', { webhookId }));
  await rt.planned();
  return res;
}

describe('an order larger than an item', () => {
  it('is taken in at exactly 1 MiB: stored fitted, its whole payload kept, its customer followed up', async () => {
    const buyer = `huge-${randomUUID().slice(0, 8)}@example.com`;
    const body = hugeOrder('7950001', buyer, MIB);
    const first = await postOrder(body, 'huge-1');
    expect(first).toMatchObject({ status: 200, body: { status: 'accepted' } });
    // A retry of the same delivery is a duplicate, not another failure.
    expect((await postOrder(body, 'huge-1')).body).toEqual({ status: 'duplicate' });

    const item = (await tableItems(rt)).find((i) => i.pk === 'O#northwind#shopify#7950001')!;
    expect(Buffer.byteLength(JSON.stringify(item, (_k, v) => (v instanceof Set ? [...v] : v)))).toBeLessThan(100 * 1024);
    const order = await rt.deps.orders.get('northwind', 'shopify', '7950001');
    const kept = order!.snapshot!.items.length;
    expect(kept).toBeGreaterThan(10);
    expect(kept + (order!.snapshot!.itemsOmitted ?? 0)).toBe(250);
    expect(order!.snapshot!.items[0]!.title.length).toBeLessThanOrEqual(120);
    const [payloadKey] = [...(item.payloadKeys as Set<string>)];
    expect(payloadKey).toMatch(/^payloads\/northwind\/shopify\/7950001\/[a-z2-7]{16}\.json$/);
    expect((await rt.deps.files.get(payloadKey!))?.equals(Buffer.from(body))).toBe(true);

    await rt.advance('P1D');
    expect(await mailTo(rt, buyer)).toHaveLength(1);
  });

  it('answers one byte over the 1 MiB limit 413, storing nothing', async () => {
    const body = `${hugeOrder('7950002', 'over@example.com', MIB)} `;
    expect((await postOrder(body, 'huge-2')).status).toBe(413);
    expect(await rt.deps.orders.get('northwind', 'shopify', '7950002')).toBeNull();
  });

  it('keeps an order that fits as it is, with no payload aside', async () => {
    const buyer = `small-${randomUUID().slice(0, 8)}@example.com`;
    const body = JSON.stringify(shopifyOrder({ id: '7950003', email: buyer, at: START }));
    expect((await postOrder(body, 'small-1')).body).toEqual({ status: 'accepted' });
    const item = (await tableItems(rt)).find((i) => i.pk === 'O#northwind#shopify#7950003')!;
    expect(item.payloadKeys).toBeUndefined();
    expect((item.snapshot as { itemsOmitted?: number }).itemsOmitted).toBeUndefined();
  });
});

describe('a 10 MB reply', () => {
  it('is taken in over SMTP: the customer’s words kept to a readable length, the whole mail kept raw', async () => {
    const buyer = `long-${randomUUID().slice(0, 8)}@example.com`;
    await postOrder(JSON.stringify(shopifyOrder({ id: '7950004', email: buyer, at: rt.clock.now().toISOString() })), 'long-1');
    for (let day = 0; day < 7 && (await mailTo(rt, buyer)).length === 0; day += 1) await rt.advance('P1D');
    const [note] = await mailTo(rt, buyer);
    const replyAddress = /<([^>]+)>/.exec(note.replyTo)![1]!;
    const line = 'The shade arrived dented and the base is scratched, I would like a refund please.\r\n';
    const text = `Hello,\r\n\r\nThe lamp arrived broken.\r\n\r\n${line.repeat(Math.ceil(10_000_000 / line.length))}`;
    const raw = [`From: Ada <${buyer}>`, `To: ${replyAddress}`, `Subject: Re: ${note.subject}`, `Message-ID: <${randomUUID()}@example.com>`, 'Content-Type: text/plain; charset=utf-8', '', text].join('\r\n');
    expect(raw.length).toBeGreaterThan(10_000_000);

    const transport = createTransport({ host: '127.0.0.1', port: rt.smtpPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ envelope: { from: buyer, to: [replyAddress] }, raw });
    expect(info.response).toMatch(/^250 /);

    const key = customerKey('northwind', buyer);
    const items = await tableItems(rt);
    const message = items.find((i) => i.type === 'message' && i.direction === 'in' && i.customerKey === key)!;
    expect(String(message.text).startsWith('Hello,\n\nThe lamp arrived broken.')).toBe(true);
    expect(Array.from(String(message.text)).length).toBeLessThanOrEqual(20_000);
    expect(String(message.text).length).toBeGreaterThan(19_000);
    const escalation = items.find((i) => i.type === 'escalation' && i.customerKey === key)!;
    expect(escalation).toBeDefined();
    expect(Array.from(String((escalation.reply as { text: string }).text)).length).toBeLessThanOrEqual(20_000);
    const kept = await rt.deps.rawMail.find(String(message.mailId));
    expect(kept!.toString('utf8').endsWith(raw.slice(-1000))).toBe(true);
    expect(kept!.length).toBeGreaterThan(raw.length);
  }, 180_000);
});
