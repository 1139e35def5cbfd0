/**
 * Every call to DynamoDB, SES and the send queue that intake, planning and sending make for one
 * order fails once, in turn, and the customer still ends with exactly one note, or with a note
 * visibly waiting for a person; never two, never a note silently stuck.
 *
 * One runtime, one customer per run: a webhook (answered anything but 200, it is delivered
 * again, as Shopify does), then the clock moves four days: planning, the sweep, the send, and
 * whatever retries, expired leases and redeliveries follow.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import type { SesFaults } from '../../../functions/local/ses/endpoint.ts';
import { CallFaults, faultSteps, type FaultStep } from '../../support/faults.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let dynamo: CallFaults;
let n = 0;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
  dynamo = new CallFaults(rt.clients('dynamodb') as never);
});
afterAll(() => rt?.stop());

/** One customer's order, from the webhook to the note's fate. Returns the buyer. */
async function orderToNote(): Promise<{ buyer: string; webhookAnswers: number[] }> {
  const buyer = `fault-${++n}-${randomUUID().slice(0, 6)}@example.com`;
  const payload = shopifyOrder({ id: String(9_500_000 + n), email: buyer, at: rt.clock.now().toISOString() });
  const webhookId = randomUUID();
  const webhookAnswers: number[] = [];
  // Shopify delivers the same webhook again until it is answered 200.
  for (let attempt = 0; attempt < 3 && webhookAnswers.at(-1) !== 200; attempt += 1) {
    webhookAnswers.push((await rt.shopify('orders/create', payload, { webhookId })).status);
  }
  await rt.advance('P4D');
  return { buyer, webhookAnswers };
}

/** What the customer got, and what an operator can see of them. */
async function outcome(buyer: string) {
  const mails = (await rt.outbox()).filter((m: { to: string }) => m.to.includes(buyer));
  const notes = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
  const listed = await fetch(`${rt.url}/api/scheduled?store=northwind`, { headers: { authorization: `Bearer ${rt.operatorToken}` } });
  const waiting = ((await listed.json()) as { items: Array<{ id: string; status: string }> }).items.filter((i) => i.status === 'unknown');
  return { mails, notes, waiting };
}

/** Exactly one note went out, or one visibly waits for a person (and at most one went out). */
async function expectNothingLostOrDoubled(buyer: string, what: string): Promise<'sent' | 'waiting'> {
  const { mails, notes, waiting } = await outcome(buyer);
  expect(notes, `${what}: one note planned`).toHaveLength(1);
  const note = notes[0]!;
  expect(mails.length, `${what}: never two`).toBeLessThanOrEqual(1);
  if (note.status === 'sent') {
    expect(mails, `${what}: the note recorded as sent went out`).toHaveLength(1);
    expect(note.sesMessageId, what).toBe(mails[0].id);
    return 'sent';
  }
  expect(note.status, `${what}: not sent, so waiting for a person`).toBe('unknown');
  expect(waiting.map((i) => i.id), `${what}: visible to an operator`).toContain(`${note.customerKey}.${note.noteId}`);
  return 'waiting';
}

describe('one failure at any step of intake, planning and sending', () => {
  // The DynamoDB calls of one run, each a step to fail: every write, and each kind of read
  // between two writes once (the sweeper's sixteen shard queries are one step; the planner's and
  // the sender's reads of the customer are two).
  let steps: FaultStep[];

  beforeAll(async () => {
    // A run without faults: its calls are the steps to fail.
    dynamo.reset();
    const { buyer } = await orderToNote();
    steps = faultSteps(dynamo.calls);
    expect(await expectNothingLostOrDoubled(buyer, 'no fault')).toBe('sent');
  }, 60_000);

  it('DynamoDB: each write (lost before or after it is applied) and each kind of read', { timeout: 240_000 }, async () => {
    // The run touches the order, the customer, the note, the webhook ledger and the index.
    expect(steps.length).toBeGreaterThan(10);
    const outcomes: string[] = [];
    for (const step of steps) {
      for (const mode of step.modes) {
        const what = `${step.command} #${step.n} (${step.on}) failing ${mode}`;
        dynamo.failOnce(step.command, step.n, mode);
        const { buyer, webhookAnswers } = await orderToNote();
        expect(dynamo.fired, `${what}: the fault was injected`).toBe(1);
        expect(webhookAnswers.at(-1), `${what}: the webhook was accepted in the end`).toBe(200);
        outcomes.push(`${what}: ${await expectNothingLostOrDoubled(buyer, what)}`);
      }
    }
    // A failed call is retried (by the platform, the stream, the queue, the SES event relay), and
    // a lost answer around the send is settled by evidence: every one of these ends sent.
    expect(outcomes.filter((o) => !o.endsWith('sent'))).toEqual([]);
  });

  it.each<[string, SesFaults, 'sent' | 'waiting']>([
    ['throttled (SES dropped it)', { throttle: 1 }, 'sent'],
    ['taken by SES, the answer lost', { acceptThenFail: 1 }, 'sent'],
    ['cut off before SES took it (the sender cannot tell)', { failBeforeAccept: 1 }, 'waiting'],
  ])('SES: the send %s', async (what, faults, expected) => {
    dynamo.reset();
    rt.ses.injectFaults(faults);
    const { buyer } = await orderToNote();
    expect(await expectNothingLostOrDoubled(buyer, what)).toBe(expected);
  });

  it('the send queue: handing the due note to the queue fails once', async () => {
    dynamo.reset();
    const enqueue = rt.queue.enqueue.bind(rt.queue);
    let failed = 0;
    rt.queue.enqueue = async (messages) => {
      if (failed === 0 && messages.some((m) => 'noteId' in m)) {
        failed += 1;
        throw new Error('injected: SendMessageBatch failed');
      }
      return enqueue(messages);
    };
    try {
      const { buyer } = await orderToNote();
      expect(failed).toBe(1);
      expect(await expectNothingLostOrDoubled(buyer, 'enqueue failed')).toBe('sent');
    } finally {
      rt.queue.enqueue = enqueue;
    }
  });
});
