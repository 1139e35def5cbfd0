/**
 * Customers with a paid order and a thank-you note due, written straight into the table. The
 * items are copies of what the real pipeline stored for one template webhook (order and
 * profile as the stores wrote them; the note through `noteItem()`), with the identifiers of
 * each new customer put in, so the send-time checks find exactly what they would.
 */
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { customerKey, dedupeDigest, noteId } from '../functions/core/domain/keys.ts';
import type { Note } from '../functions/core/domain/note.ts';
import { orderRef } from '../functions/core/domain/purchase.ts';
import { customerPk, noteItem, toNote } from '../functions/adapters/dynamodb/items.ts';
import { orderPk } from '../functions/adapters/dynamodb/order-store.ts';
import type { Item } from './batch-load.ts';

export interface Template {
  order: Item;
  profile: Item;
  note: Note;
}

/** Reads back what the pipeline stored for one accepted order (unmetered client). */
export async function readTemplate(client: DynamoDBClient, tableName: string, storeId: string, orderId: string, email: string): Promise<Template> {
  const order = (await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: orderPk(storeId, 'shopify', orderId) }, sk: { S: 'O' } } }))).Item;
  const partition = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: customerPk(customerKey(storeId, email)) } },
    }),
  );
  const profile = partition.Items?.find((i) => i.sk?.S === 'P');
  const note = partition.Items?.find((i) => i.sk?.S?.startsWith('N#'));
  if (!order || !profile || !note) throw new Error('the template webhook did not leave an order, a profile and a note');
  return { order, profile, note: toNote(unmarshall(note)) };
}

export interface SeededCustomer {
  email: string;
  customerKey: string;
  noteId: string;
}

/** The three items of customer `i`: order, profile, note due at `dueAt`. */
export function customerItems(t: Template, input: { storeId: string; runId: string; index: number; dueAt: string; plannedAt: string }): { items: Item[]; customer: SeededCustomer } {
  const email = `send-${input.runId}-${input.index}@example.com`;
  const key = customerKey(input.storeId, email);
  const orderId = String(7_000_000_000_000 + input.index);
  const ref = orderRef('shopify', orderId);
  const id = noteId(ref, t.note.stage);

  const order = structuredClone(t.order);
  order.pk = { S: orderPk(input.storeId, 'shopify', orderId) };
  order.orderId = { S: orderId };
  order.customerKey = { S: key };
  order.seen = { SS: [dedupeDigest(`bench:${input.runId}:${orderId}`)] };
  const snapshot = order.snapshot?.M;
  if (snapshot) {
    snapshot.email = { S: email };
    snapshot.orderName = { S: `#${orderId.slice(-5)}` };
  }

  const profile = structuredClone(t.profile);
  profile.pk = { S: customerPk(key) };
  profile.customerKey = { S: key };
  profile.email = { S: email };
  profile.countedOrders = { SS: [ref] };

  // The order's own due moment stays what the plan makes of its (copied) payment time, so a
  // planner reading the order again finds the note right; only the note's dueAt is moved.
  const orderDue = Object.values(t.note.orders)[0]!;
  const note: Note = {
    ...t.note,
    customerKey: key,
    noteId: id,
    orders: { [ref]: orderDue },
    status: 'scheduled',
    dueAt: input.dueAt,
    plannedAt: input.plannedAt,
    attempts: 0,
    version: 1,
  };
  const noteAttributes = marshall(noteItem(note), { removeUndefinedValues: true }) as Item;
  return { items: [order, profile, noteAttributes], customer: { email, customerKey: key, noteId: id } };
}

export function* customers(t: Template, input: { storeId: string; runId: string; from: number; count: number; dueAt: string; plannedAt: string }, into: SeededCustomer[]): Generator<Item> {
  for (let i = input.from; i < input.from + input.count; i += 1) {
    const { items, customer } = customerItems(t, { ...input, index: i });
    into.push(customer);
    yield* items;
  }
}

export const newRunId = () => randomUUID().slice(0, 8);
