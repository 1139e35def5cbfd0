/**
 * Retention through the local runtime: every item about a customer carries its expiry from the
 * store's own retention (orders, notes, conversations separately), and raw mail leaves the local
 * folder when the clock passes the store's raw-mail retention, as the bucket's rule does in AWS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyConversation, tableItems } from '../../support/held.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

const START = '2026-11-23T15:00:00.000Z';
const DAY = 86_400;
let rt: TestRuntime;

beforeAll(async () => {
  const config = testConfig({ retention: { orders: 'P400D', notes: 'P60D', conversations: 'P90D', rawMail: 'P30D' } });
  rt = await startTestRuntime({ clockStart: START, config });
});
afterAll(() => rt?.stop());

const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);

describe('retention', () => {
  it('dates every customer item by the store’s retention for its kind', async () => {
    const orderedAt = rt.clock.now().toISOString();
    const ada = await shopifyConversation(rt, { buyer: `ret-${randomUUID().slice(0, 8)}@example.com`, orderId: '7900001' });
    const key = customerKey('northwind', ada.buyer);
    const items = (await tableItems(rt)).filter((i) => i.customerKey === key);
    const of = (type: string) => items.filter((i) => i.type === type);

    const [order] = of('order');
    expect(order!.expiresAt).toBe(seconds(orderedAt) + 400 * DAY);
    const [profile] = of('customer');
    expect(profile!.expiresAt).toBe(seconds(orderedAt) + 400 * DAY);
    const [note] = of('note');
    expect(note!.expiresAt).toBe(seconds(note!.dueAt) + 60 * DAY);
    const messages = of('message');
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.expiresAt).toBe(seconds(m.direction === 'in' ? m.receivedAt : m.sentAt) + 90 * DAY);
    const [escalation] = of('escalation');
    expect(escalation!.expiresAt).toBe(seconds(escalation!.createdAt) + 90 * DAY);
    expect(items.every((i) => typeof i.expiresAt === 'number')).toBe(true);
  });

  it('sweeps raw mail from the local folder after the store’s raw-mail retention, keeping the conversation', async () => {
    const ada = await shopifyConversation(rt, { buyer: `sweep-${randomUUID().slice(0, 8)}@example.com`, orderId: '7900002' });
    await rt.advance('P29D');
    expect(await rt.deps.rawMail.find(ada.mailId)).not.toBeNull();
    await rt.advance('P2D');
    expect(await rt.deps.rawMail.find(ada.mailId)).toBeNull();
    // The customer's words stay with their message for the conversation retention.
    const key = customerKey('northwind', ada.buyer);
    expect((await tableItems(rt)).some((i) => i.type === 'message' && i.customerKey === key && i.mailId === ada.mailId)).toBe(true);
  });
});
