/**
 * Every call that receiving a customer's reply makes (reading the raw mail from the bucket,
 * DynamoDB, filing the mail under its store, the queue, then the notice's own sending through
 * DynamoDB and SES) fails once, in turn, and what a person of the store sees stays whole: the
 * reply is in the conversation once, a complaint reaches the senior person once (one escalation,
 * one notice mail), a question reaches the person who signed the note once, an unsubscribe
 * suppresses the address; nothing is dropped, nothing doubled. Then the bucket's other writes:
 * a large webhook payload kept on intake, raw mail deleted by an erasure.
 *
 * A reply comes in as SES receives one (/dev/inbound: the raw mail saved where the receipt rule
 * stores it, then receive-mail). A failed invocation is invoked again with the same event and
 * request id, as Lambda retries an asynchronous invocation; a notice that failed is offered
 * again by the queue once its visibility timeout ran out (the clock moves on to that moment).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import type { SesFaults } from '../../../functions/local/ses/endpoint.ts';
import { api, email, mailTo, replyTo, type CustomerWithNote } from '../../support/conversations.ts';
import { CallFaults, faultSteps, WRITE_COMMANDS, type FaultMode, type FaultStep } from '../../support/faults.ts';
import { tableItems } from '../../support/held.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
const SENIOR = 'tom@northwind.example';
const SIGNER = 'sarah@northwind.example';
/** What each reply says, and who must hear of it. */
const REPLIES = {
  complaint: { text: 'The lamp arrived with a cracked shade and the switch does not work.', hears: SENIOR },
  question: { text: 'How should I clean the brass? Can I use ordinary metal polish?', hears: SIGNER },
  unsubscribe: { text: 'Please stop emailing me.', hears: null },
} as const;
type Kind = keyof typeof REPLIES;

/** Calls that change something: failing after them means the change was made and the answer lost. */
const CHANGES = new Set([...WRITE_COMMANDS, 'PutObjectTaggingCommand', 'SendMessageCommand', 'SendMessageBatchCommand']);

let rt: TestRuntime;
let faults: CallFaults;
let customers: CustomerWithNote[] = [];
let orders = 0;

beforeAll(async () => {
  // Clocks long enough that no escalation of an earlier run climbs or reminds during a later
  // one (its calls would shift the count), and no digest: each run's calls are its own.
  const config = testConfig({
    escalation: { acknowledgeWithin: { high: 'P30D', normal: 'P30D' }, answerWithin: 'P30D' },
    digest: { enabled: false, at: '08:30' },
  });
  rt = await startTestRuntime({ clockStart: START, config });
  // Every call of the two functions the receiving path runs: receive-mail and send-mail (the notice).
  const watched = rt.clientRecords.filter((c) => c.owner === 'receive-mail' || c.owner === 'send-mail');
  faults = new CallFaults(watched.map((c) => c.client as never));
}, 60_000);
afterAll(() => rt?.stop());

/** One customer with a sent note for each run, their orders placed side by side, their notes sent by one move of the clock. */
async function makeCustomers(count: number): Promise<void> {
  const made: CustomerWithNote[] = [];
  const at = rt.clock.now().toISOString();
  const lanes = Array.from({ length: 6 }, async (_, lane) => {
    for (let i = lane; i < count; i += 6) {
      const buyer = email(`recv${i}`);
      const orderId = String(9_800_000 + ++orders);
      await rt.shopify('orders/create', shopifyOrder({ id: orderId, email: buyer, firstName: 'Ada', at, name: `#${orderId.slice(-5)}` }));
      made.push({ buyer, orderId, note: undefined as never });
    }
  });
  await Promise.all(lanes);
  const noteOf = async (buyer: string) => (await mailTo(rt, buyer)).at(-1);
  for (let day = 0; day < 7 && !(await noteOf(made.at(-1)!.buyer)); day += 1) await rt.advance('P1D');
  customers = await Promise.all(made.map(async (c) => ({ ...c, note: (await noteOf(c.buyer))! })));
  expect(customers.every((c) => c.note), 'every customer got their note').toBe(true);
}

/** The customer replies; whatever failed is tried again as AWS would. Returns the inbound answer. */
async function reply(kind: Kind): Promise<{ customer: CustomerWithNote; status: number; body: any }> {
  const customer = customers.shift();
  if (!customer) throw new Error('no customer left for this run');
  const { status, body } = await replyTo(rt, customer.note, customer.buyer, REPLIES[kind].text);
  // A notice the sender could not send is offered again once the queue's visibility timeout ran out.
  const offeredAgain = rt.queue.nextVisibleAt();
  if (offeredAgain) await rt.advanceTo(new Date(offeredAgain.getTime() + 1000).toISOString());
  return { customer, status, body };
}

/** The mail one person of the store got (the outbox filtered where it is kept). */
async function outboxTo(to: string): Promise<Array<{ to: string; text: string }>> {
  return (await rt.get(`/dev/outbox?to=${encodeURIComponent(to)}`)).body.items;
}

/** What a person of the store sees of this reply; asserts nothing was lost or doubled. */
async function expectWhole(kind: Kind, buyer: string, what: string): Promise<void> {
  const { text, hears } = REPLIES[kind];
  const { status, body: conversation } = await api(rt, 'GET', `/api/conversations/${encodeURIComponent(buyer)}`);
  expect(status, `${what}: the conversation is there`).toBe(200);
  const words = (conversation.messages as Array<{ direction: string; text: string }>).filter((m) => m.direction === 'in' && m.text.includes(text));
  expect(words, `${what}: the reply is in the conversation once`).toHaveLength(1);

  const { body: listed } = await api(rt, 'GET', '/api/escalations?store=northwind');
  const escalations = (listed.items as Array<{ customer: { email: string }; owner: { email: string } }>).filter((e) => e.customer.email === buyer);
  const notices = [...(await outboxTo(SENIOR)), ...(await outboxTo(SIGNER))].filter((m) => m.text.includes(buyer));
  if (hears) {
    expect(escalations, `${what}: one escalation`).toHaveLength(1);
    expect(escalations[0]!.owner.email, `${what}: owned by who must hear`).toBe(hears);
    expect(notices.map((m) => m.to), `${what}: one notice, to who must hear`).toEqual([expect.stringContaining(hears)]);
  } else {
    expect(escalations, `${what}: no escalation`).toEqual([]);
    expect(notices, `${what}: no notice`).toEqual([]);
  }
  if (kind === 'unsubscribe') {
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind'), `${what}: unsubscribed`).toEqual(['unsubscribed']);
  }
}

const KINDS: Kind[] = ['complaint', 'question', 'unsubscribe'];
const SES_FAULTS: Array<[string, SesFaults]> = [
  ['throttled (SES dropped it)', { throttle: 1 }],
  ['taken by SES, the answer lost', { acceptThenFail: 1 }],
  ['cut off before SES took it (the sender cannot tell)', { failBeforeAccept: 1 }],
];

describe('one failure at any step of receiving a reply', () => {
  const steps = {} as Record<Kind, FaultStep[]>;

  beforeAll(async () => {
    // A run without faults for each kind of reply: its calls are the steps to fail. Then a
    // customer for every run (and the SES runs below), all made at once.
    await makeCustomers(KINDS.length);
    for (const kind of KINDS) {
      faults.reset();
      const { customer, status, body } = await reply(kind);
      steps[kind] = faultSteps(faults.calls, CHANGES);
      expect(status).toBe(200);
      expect(body.outcome).toBe('reply');
      await expectWhole(kind, customer.buyer, `${kind}, no fault`);
    }
    const runs = KINDS.flatMap((kind) => steps[kind]).reduce((sum, s) => sum + s.modes.length, 0);
    await makeCustomers(runs + SES_FAULTS.length);
  }, 120_000);

  it.each(KINDS)('%s: reading the mail, keeping it, routing it, filing it and announcing it, each call failing once', { timeout: 240_000 }, async (kind) => {
    const commands = new Set(steps[kind].map((s) => s.command));
    // The path reads the mail from the bucket and files it there, writes the table, and a notice
    // goes through the queue and SES.
    expect(commands).toContain('GetObjectCommand');
    expect(commands).toContain('PutObjectTaggingCommand');
    expect(commands).toContain('UpdateItemCommand');
    if (REPLIES[kind].hears) expect([...commands]).toEqual(expect.arrayContaining(['SendMessageBatchCommand', 'SendRawEmailCommand']));
    for (const step of steps[kind]) {
      for (const mode of step.modes) {
        const what = `${kind}: ${step.command} #${step.n} (${step.on}) failing ${mode}`;
        faults.failOnce(step.command, step.n, mode);
        const { customer, status, body } = await reply(kind);
        expect(faults.fired, `${what}: the fault was injected`).toBe(1);
        expect(faults.calls.find((c) => c.command === step.command && c.n === step.n)?.on, `${what}: on the same step`).toBe(step.on);
        expect(status, `${what}: received in the end`).toBe(200);
        expect(body.outcome, what).toBe('reply');
        await expectWhole(kind, customer.buyer, what);
      }
    }
  });

  it.each(SES_FAULTS)('SES, sending the notice of a complaint %s: the senior person gets it once', async (what, sesFaults) => {
    faults.reset();
    rt.ses.injectFaults(sesFaults);
    const { customer, status } = await reply('complaint');
    expect(status).toBe(200);
    await expectWhole('complaint', customer.buyer, what);
  });
});

describe('the bucket on intake and on erasure', () => {
  /** An order too large for an item: its whole payload is kept in the bucket. */
  function largeOrder(id: string, buyer: string): string {
    const words = (seed: number) => Array.from({ length: 60 }, (_, i) => `part${seed}x${i}`).join(' ');
    const order = shopifyOrder({ id, email: buyer, at: rt.clock.now().toISOString(), items: Array.from({ length: 250 }, (_, i) => ({ title: words(i), variant: words(i + 1), price: '1.00' })) });
    return JSON.stringify(order);
  }

  it.each<FaultMode>(['before', 'after'])('keeping a large payload fails once (%s S3 took it): the redelivery keeps it whole, one order, one note', async (mode) => {
    const orderId = String(9_700_000 + (mode === 'before' ? 1 : 2));
    const buyer = email(`payload-${mode}`);
    const body = largeOrder(orderId, buyer);
    const webhookId = randomUUID();
    const deliver = async () => {
      const answer = await rt.post('/webhooks/shopify', body, shopifyHeaders('orders/create', body, rt.config.localSecrets['northwind/shopify']!, { webhookId }));
      await rt.planned();
      return answer.status;
    };
    const intake = new CallFaults(rt.clientRecords.filter((c) => c.owner === 'ingest-webhook' && c.service === 's3').map((c) => c.client as never));
    intake.failOnce('PutObjectCommand', 1, mode);
    // Shopify delivers the same webhook again until it is answered 200.
    const answers = [await deliver()];
    while (answers.at(-1) !== 200 && answers.length < 3) answers.push(await deliver());
    expect(intake.fired).toBe(1);
    expect(answers).toEqual([500, 200]);

    const order = (await tableItems(rt)).find((i) => i.pk === `O#northwind#shopify#${orderId}`)!;
    const keys = [...(order.payloadKeys as Set<string>)];
    expect(keys).toHaveLength(1);
    expect((await rt.deps.files.get(keys[0]!))?.equals(Buffer.from(body))).toBe(true);
    // One customer, one note planned, and it goes out at its moment.
    expect((await rt.deps.customers.load(customerKey('northwind', buyer))).notes).toHaveLength(1);
    for (let day = 0; day < 5 && (await mailTo(rt, buyer)).length === 0; day += 1) await rt.advance('P1D');
    expect(await mailTo(rt, buyer)).toHaveLength(1);
  });

  it.each<FaultMode>(['before', 'after'])('erasing a customer fails once deleting their raw mail (%s S3 did it): asked again, it is all gone', async (mode) => {
    await makeCustomers(1);
    const { customer } = await reply('complaint');
    const mailIds = (await tableItems(rt)).flatMap((i) => (i.pk === `C#${customerKey('northwind', customer.buyer)}` && String(i.sk).startsWith('M#I#') ? [String(i.sk).slice(4)] : []));
    expect(mailIds).toHaveLength(1);
    expect(await rt.rawMail.find(mailIds[0]!)).not.toBeNull();

    const erasing = new CallFaults(rt.clientRecords.filter((c) => c.owner === 'operator' && c.service === 's3').map((c) => c.client as never));
    erasing.failOnce('DeleteObjectsCommand', 1, mode);
    const erase = () => api(rt, 'POST', '/api/customers/erase', { store: 'northwind', email: customer.buyer, by: 'Tom' });
    // A person asks again when the first answer was an error.
    const answers = [await erase()];
    if (answers[0]!.status !== 200) answers.push(await erase());
    expect(erasing.fired).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([500, 200]);
    expect(await rt.rawMail.find(mailIds[0]!)).toBeNull();
    expect((await api(rt, 'GET', `/api/conversations/${encodeURIComponent(customer.buyer)}`)).status).toBe(404);
  });
});
