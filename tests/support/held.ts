/**
 * What the local runtime holds about a customer, read straight from the table and the raw-mail
 * folder, and a customer with every kind of item (orders, a note, a reply that opened an
 * escalation, the owner's answer): the privacy tests erase and export these.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { customerKey } from '../../functions/core/domain/keys.ts';
import { shopifyOrder } from './purchases.ts';
import type { TestRuntime } from './runtime.ts';

type Item = Record<string, unknown>;

/** Every item of the runtime's table, as stored. */
export async function tableItems(rt: TestRuntime): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await rt.deps.dynamoDocument.send(new ScanCommand({ TableName: rt.deps.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export function mentions(item: Item, needles: string[]): boolean {
  const text = JSON.stringify(item, (_k, v) => (v instanceof Set ? [...v] : v)).toLowerCase();
  return needles.some((needle) => text.includes(needle.toLowerCase()));
}

/** What the table still holds about a customer (their address or key), besides the record of an erasure. */
export async function heldAbout(rt: TestRuntime, buyer: string, store = 'northwind'): Promise<Item[]> {
  const key = customerKey(store, buyer);
  return (await tableItems(rt)).filter((i) => i.type !== 'erasure' && mentions(i, [buyer, key]));
}

export const mailTo = async (rt: TestRuntime, address: string) => (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));

export interface Conversation {
  buyer: string;
  orderId: string;
  escalationId: string;
  /** The raw mail of the customer's reply. */
  mailId: string;
}

/**
 * A Shopify customer of `store` whose thank-you they answered with a complaint (an escalation),
 * which the owner answered in the console's API.
 */
export async function shopifyConversation(
  rt: TestRuntime,
  input: { buyer: string; orderId: string; store?: string; secret?: string; extra?: Record<string, unknown> },
): Promise<Conversation> {
  const { buyer, orderId } = input;
  const store = input.store ?? 'northwind';
  const opts = input.store ? { store: input.store, ...(input.secret && { secret: input.secret }) } : {};
  const answer = await rt.shopify('orders/create', shopifyOrder({ id: orderId, email: buyer, firstName: 'Ada', at: rt.clock.now().toISOString(), ...input.extra }), opts);
  expect(answer.body.status).toBe('accepted');
  for (let day = 0; day < 7 && (await mailTo(rt, buyer)).length === 0; day += 1) await rt.advance('P1D');
  const [note] = await mailTo(rt, buyer);
  const to = /<([^>]+)>/.exec(note.replyTo)![1]!;
  const raw = [`From: Ada <${buyer}>`, `To: ${to}`, `Subject: Re: ${note.subject}`, `Message-ID: <${randomUUID()}@example.com>`, '', 'The lamp arrived dented. What can we do?', ''].join('\r\n');
  const inbound = await rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });
  expect(inbound.body.outcome).toBe('reply');
  const escalationId = inbound.body.escalationId as string;
  const answered = await fetch(`${rt.url}/api/escalations/${escalationId}/reply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rt.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'So sorry, a new shade is on its way.' }),
  });
  expect(answered.status).toBe(200);
  const key = customerKey(store, buyer);
  const message = (await tableItems(rt)).find((i) => i.type === 'message' && i.direction === 'in' && i.customerKey === key)!;
  return { buyer, orderId, escalationId, mailId: String(message.mailId) };
}
