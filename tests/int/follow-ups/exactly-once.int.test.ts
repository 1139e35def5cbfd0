import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Context, SQSEvent } from 'aws-lambda';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

async function plannedNote(tag: string) {
  const buyer = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  await rt.shopify('orders/create', shopifyOrder({ id: String(Date.now() % 1e9), email: buyer, at: rt.clock.now().toISOString() }));
  const [note] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
  return { buyer, note: note! };
}

describe('one note, one sender', () => {
  it('lets exactly one of many parallel claims win', async () => {
    const { note } = await plannedNote('race');
    const key = { customerKey: note.customerKey, noteId: note.noteId };
    expect(await rt.deps.notes.markQueued(key, note.dueAt, 'token-1', '2099-01-01T00:00:00.000Z')).toBe(true);
    const claims = await Promise.all(
      Array.from({ length: 12 }, () =>
        rt.deps.notes.claim(key, { queueToken: 'token-1', claimToken: randomUUID(), leaseUntil: '2099-01-01T00:00:00.000Z' }),
      ),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
  });

  it('does not let a stale queue message claim a note queued again under a new token', async () => {
    const { note } = await plannedNote('stale');
    const key = { customerKey: note.customerKey, noteId: note.noteId };
    await rt.deps.notes.markQueued(key, note.dueAt, 'new-token', '2099-01-01T00:00:00.000Z');
    const stale = await rt.deps.notes.claim(key, { queueToken: 'old-token', claimToken: 'x', leaseUntil: '2099-01-01T00:00:00.000Z' });
    expect(stale.claimed).toBe(false);
  });

  it('reports only the failed records of a batch, so the others are not sent again', async () => {
    const handler = rt.functions['send-mail'];
    const event = {
      Records: [
        { messageId: 'good', body: JSON.stringify({ kind: 'note', customerKey: 'aaaaaaaaaaaaaaaaaaaa', noteId: 'bbbbbbbbbb', token: 'none' }) },
        { messageId: 'broken', body: '{"not": "a note"' },
      ],
    } as SQSEvent;
    const response = await handler(event, {} as Context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'broken' }] });
  });

  it('a note that is due but was never queued by this message is left alone', async () => {
    const { buyer, note } = await plannedNote('orphan');
    const handler = rt.functions['send-mail'];
    const event = { Records: [{ messageId: 'm', body: JSON.stringify({ kind: 'note', customerKey: note.customerKey, noteId: note.noteId, token: 'never-recorded' }) }] } as SQSEvent;
    expect(await handler(event, {} as Context)).toEqual({ batchItemFailures: [] });
    expect((await rt.outbox()).filter((m: { to: string }) => m.to.includes(buyer))).toHaveLength(0);
  });
});
