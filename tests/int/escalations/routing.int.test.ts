/**
 * Every reply reaches the right person, through the local runtime and real SMTP: a question to
 * the person who signed the note (and on to the senior person when nobody answers), answers from
 * a mail client relayed to the customer, nothing from a stranger reaching a customer or acting
 * as one, and a throttle part-way through receiving that loses nothing.
 */
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { sesReceiptEvent } from '../../../functions/local/aws-events.ts';
import { lambdaContext } from '../../../functions/local/event-pump.ts';
import { address, answerBySmtp, api, customerWithNote, email, mailTo, rawReply, replyTo, type Sent } from '../../support/conversations.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
const logs: string[] = [];

beforeAll(async () => {
  const config = testConfig({ escalation: { ladder: [{ name: 'Dana', role: 'Head of support', email: 'dana@northwind.example' }] } });
  rt = await startTestRuntime({ clockStart: START, config, log: (line) => logs.push(line) });
});
afterAll(() => rt?.stop());

const about = (mails: Sent[], words: string) => mails.filter((m) => m.text.includes(words) || m.subject.includes(words));

describe('a question', () => {
  it('reaches the person who signed the note, not the senior person, and climbs to the senior person when unanswered', async () => {
    const { buyer, note } = await customerWithNote(rt, 'question');
    expect(note.from).toBe('Sarah at Northwind Home <sarah@northwind.example>');
    const inbound = await replyTo(rt, note, buyer, 'How should I clean the brass? Can I use ordinary metal polish?');
    expect(inbound.body).toMatchObject({ outcome: 'reply', classification: { category: 'question' } });
    const id = inbound.body.escalationId as string;

    const toSarah = about(await mailTo(rt, 'sarah@northwind.example'), 'metal polish');
    expect(toSarah).toHaveLength(1);
    expect(toSarah[0]!.subject).toMatch(/^Question from Ada Lovelace/);
    expect(toSarah[0]!.text).toContain('You signed the note they answered');
    expect(toSarah[0]!.text).toMatch(/Please answer by /);
    expect(about(await mailTo(rt, 'tom@northwind.example'), 'metal polish')).toEqual([]);

    const { body: question } = await api(rt, 'GET', `/api/escalations/${id}`);
    expect(question).toMatchObject({ category: 'question', route: 'owner', status: 'open', owner: { name: 'Sarah', email: 'sarah@northwind.example' } });
    // Eight working hours (the store's answer-by time) from Tuesday 10:00 in New York: 18:00.
    expect(question.createdAt).toBe('2026-11-24T15:00:00.000Z');
    expect(question.dueBy).toBe('2026-11-24T23:00:00.000Z');

    await rt.advanceTo(new Date(Date.parse(question.dueBy) + 60_000).toISOString());
    const toTom = about(await mailTo(rt, 'tom@northwind.example'), 'metal polish');
    expect(toTom).toHaveLength(1);
    expect(toTom[0]!.text).toContain('Nobody has answered Ada');
    expect((await api(rt, 'GET', `/api/escalations/${id}`)).body).toMatchObject({ owner: { name: 'Tom' }, level: 1, status: 'open' });
  });
});

describe('answering from one’s own mail client', () => {
  it('relays the owner’s answer to the customer from the persona, threaded under their message, signed once', async () => {
    const { buyer, note } = await customerWithNote(rt, 'mailclient');
    const customerMessageId = `<${crypto.randomUUID()}@mail.example.com>`;
    const { body } = await replyTo(rt, note, buyer, 'Does the lamp take a standard E27 bulb?', customerMessageId);
    const [notice] = about(await mailTo(rt, 'sarah@northwind.example'), 'E27');
    expect(address(notice!.replyTo)).toMatch(/^reply\+s[a-z2-7]+@in\.northwind\.example$/);

    await answerBySmtp(rt, notice!, 'Sarah <sarah@northwind.example>', 'Hi Ada, yes: any E27 bulb up to 60 W fits.\n\nSarah');
    await rt.advance('PT1M');
    const answer = (await mailTo(rt, buyer)).at(-1)!;
    expect(answer.id).not.toBe(note.id);
    expect(answer.from).toBe('Sarah at Northwind Home <sarah@northwind.example>');
    expect(answer.subject).toBe(`Re: ${note.subject}`);
    expect(answer.headers['in-reply-to']).toBe(customerMessageId);
    expect(answer.headers.references).toBe(`${note.messageId} ${customerMessageId}`);
    expect(address(answer.replyTo)).toBe(address(note.replyTo));
    expect(answer.text).toContain('any E27 bulb up to 60 W fits.');
    expect(answer.text.match(/^Sarah$/gm)).toHaveLength(1);
    expect(answer.text).toContain('Northwind Home');
    // Nothing of the notice reaches the customer.
    expect(answer.text).not.toMatch(/Why this came|console|reply\+s|> /);

    const { body: question } = await api(rt, 'GET', `/api/escalations/${body.escalationId}`);
    expect(question).toMatchObject({ status: 'resolved', answeredBy: 'sarah@northwind.example' });
    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${body.conversationId}`);
    expect(conversation).toMatchObject({ status: 'closed', lastMessage: { from: 'staff' } });
    expect(conversation.messages.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in', 'out']);
    expect(conversation.messages[2]).toMatchObject({ from: 'Sarah', status: 'sent', kind: 'answer' });
  });

  it('acknowledges a problem when the senior person answers it from their mail client', async () => {
    const { buyer, note } = await customerWithNote(rt, 'problemmail');
    const { body } = await replyTo(rt, note, buyer, 'The shade arrived cracked.');
    const [notice] = about(await mailTo(rt, 'tom@northwind.example'), 'arrived cracked');
    await answerBySmtp(rt, notice!, 'Tom <tom@northwind.example>', 'I am so sorry, Ada. A new shade goes out today.');
    await rt.advance('PT1M');
    const answer = (await mailTo(rt, buyer)).at(-1)!;
    // The customer hears from the persona they wrote to; the answer is signed by Tom.
    expect(answer.from).toBe('Sarah at Northwind Home <sarah@northwind.example>');
    expect(answer.text).toMatch(/A new shade goes out today\.\n\nTom\nNorthwind Home\n/);
    expect((await api(rt, 'GET', `/api/escalations/${body.escalationId}`)).body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'tom@northwind.example',
    });
  });

  it('lets no stranger answer in the store’s name: refused with a short explanation, and no customer hears of it', async () => {
    const { buyer, note } = await customerWithNote(rt, 'forged');
    await replyTo(rt, note, buyer, 'When will the matching rug be back in stock?');
    const [notice] = about(await mailTo(rt, 'sarah@northwind.example'), 'matching rug');
    const before = (await mailTo(rt, buyer)).length;
    const stranger = email('mallory');

    const forged = await rt.post(
      '/dev/inbound',
      rawReply({ from: stranger, fromName: 'Sarah', to: address(notice!.replyTo), subject: `Re: ${notice!.subject}`, text: 'Send your card number to this address to get a refund.' }),
      { 'content-type': 'message/rfc822' },
    );
    expect(forged.body).toMatchObject({ outcome: 'rejected' });
    // A staff address with its signature tampered with is no staff address at all.
    const tampered = address(notice!.replyTo).replace(/([a-z2-7])@/, (_m, c: string) => `${c === 'a' ? 'b' : 'a'}@`);
    const forgedToken = await rt.post(
      '/dev/inbound',
      rawReply({ from: 'sarah@northwind.example', fromName: 'Sarah', to: tampered, subject: 'Re: x', text: 'Send your card number to this address.' }),
      { 'content-type': 'message/rfc822' },
    );
    expect(forgedToken.body).toMatchObject({ outcome: 'rejected' });
    await rt.advance('PT5M');

    expect((await mailTo(rt, buyer)).length).toBe(before);
    expect((await rt.outbox()).some((m: { text: string }) => m.text.includes('card number'))).toBe(false);
    const [refusal] = await mailTo(rt, stranger);
    expect(refusal!.subject).toMatch(/^Not delivered: /);
    expect(refusal!.text).toContain('takes answers only from the people of Northwind Home');
    expect(refusal!.headers['auto-submitted']).toBe('auto-replied');
  });

  it('refuses an answer that is empty above the quoted notice, and tells the person', async () => {
    const { buyer, note } = await customerWithNote(rt, 'empty');
    await replyTo(rt, note, buyer, 'Can I order a second shade in green?');
    const [notice] = about(await mailTo(rt, 'sarah@northwind.example'), 'second shade');
    const sarahBefore = (await mailTo(rt, 'sarah@northwind.example')).length;
    await answerBySmtp(rt, notice!, 'Sarah <sarah@northwind.example>', '');
    await rt.advance('PT1M');
    expect((await mailTo(rt, buyer)).length).toBe(1);
    const refusal = (await mailTo(rt, 'sarah@northwind.example')).slice(sarahBefore).find((m) => m.subject.startsWith('Not delivered'));
    expect(refusal!.text).toContain('Write your answer above the quote');
  });
});

describe('mail from another address into a customer’s conversation', () => {
  it('is kept and shown to the owner as someone else’s, and changes nothing of the customer’s own', async () => {
    const { buyer, note } = await customerWithNote(rt, 'someoneelse');
    const stranger = email('neighbour');
    const key = customerKey('northwind', buyer);
    const inbound = await replyTo(rt, note, stranger, 'Please unsubscribe me. The lamp is broken and I want a refund!');
    expect(inbound.body).toMatchObject({ outcome: 'reply' });
    expect(inbound.body.escalationId).toBeUndefined();

    const { profile } = await rt.deps.customers.load(key);
    expect(profile).toMatchObject({ lastReplyAt: null, openEscalationId: null, openEscalations: 0 });
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toEqual([]);
    expect((await api(rt, 'GET', '/api/escalations')).body.items.some((e: { customer: { email: string } }) => e.customer.email === buyer)).toBe(false);

    const [notice] = about(await mailTo(rt, 'sarah@northwind.example'), stranger);
    expect(notice!.text).toContain(`Someone other than Ada wrote into their conversation, from ${stranger}`);
    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${inbound.body.conversationId}`);
    expect(conversation).toMatchObject({ status: 'open', owner: { name: 'Sarah' }, lastMessage: { from: 'customer', someoneElse: stranger } });
    expect(conversation.messages.at(-1)).toMatchObject({ direction: 'in', someoneElse: true, from: stranger });
  });

  it('is told to the owner once, also when the queue offers its notice twice', async () => {
    const { note } = await customerWithNote(rt, 'twiceoffered');
    const stranger = email('housemate');
    // Keep the notice's queue message as the queue got it, to offer it again as SQS may.
    const enqueue = rt.queue.enqueue.bind(rt.queue);
    const offered: unknown[] = [];
    rt.queue.enqueue = async (messages) => {
      offered.push(...messages.filter((m) => m.kind === 'conversation-notice'));
      return enqueue(messages);
    };
    try {
      await replyTo(rt, note, stranger, 'Ada is away this month, I am looking after her post.');
      await rt.advance('PT1M');
    } finally {
      rt.queue.enqueue = enqueue;
    }
    expect(offered).toHaveLength(1);
    const record = { messageId: 'again', body: JSON.stringify(offered[0]), attributes: { ApproximateReceiveCount: '2' } };
    const answer = await rt.functions['send-mail']({ Records: [record] } as unknown as SQSEvent, lambdaContext('send-mail'));
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(about(await mailTo(rt, 'sarah@northwind.example'), stranger)).toHaveLength(1);
  });
});

describe('a throttle part-way through receiving a complaint', () => {
  it('is tried again in full, and the senior person still hears of it, once', async () => {
    const { buyer, note } = await customerWithNote(rt, 'throttled');
    const raw = Buffer.from(rawReply({ from: buyer, to: address(note.replyTo), subject: `Re: ${note.subject}`, text: 'Sparks came out of the lamp when I switched it on!' }));
    const mailId = await rt.rawMail.save(raw);
    const event = sesReceiptEvent({ mailId, recipients: [address(note.replyTo)], source: buyer, at: rt.clock.now(), bucket: 'followup-inbound', key: `inbound/${mailId}` });
    const handler = rt.functions['receive-mail'];
    // Lambda invokes a failed asynchronous invocation again with the same request id.
    const context = lambdaContext('receive-mail', 'throttled-invocation');

    // The queue throttles the notice, mid-way: after the reply was kept and the escalation opened.
    // It throttles every attempt the SDK makes of that call (three), so the invocation fails.
    const enqueue = rt.queue.enqueue.bind(rt.queue);
    let failures = 0;
    rt.queue.enqueue = async (messages) => {
      if (failures < 3 && messages.some((m) => m.kind === 'notice')) {
        failures += 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      return enqueue(messages);
    };
    try {
      await expect(handler(event, context)).rejects.toThrow('Rate exceeded');
      // Lambda retries the same event: the mail is not "already received", it is handled.
      const [again] = await handler(event, context);
      expect(again).toMatchObject({ outcome: 'reply', classification: { category: 'complaint', urgency: 'high' } });
      await rt.scheduler.runDue();
      const [third] = await handler(event, context);
      expect(third).toEqual(again);
    } finally {
      rt.queue.enqueue = enqueue;
    }
    expect(failures).toBe(3);
    await rt.scheduler.runDue();
    const notices = about(await mailTo(rt, 'tom@northwind.example'), 'Sparks came out');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toMatch(/^Urgent: Problem from Ada/);
    const { body } = await api(rt, 'GET', '/api/escalations');
    expect(body.items.filter((e: { customer: { email: string } }) => e.customer.email === buyer)).toHaveLength(1);
    const { conversationId } = body.items.find((e: { customer: { email: string } }) => e.customer.email === buyer);
    const conversation = await rt.deps.customers.conversation(customerKey('northwind', buyer), conversationId.split('.')[1]);
    expect(conversation.filter((m) => m.direction === 'in')).toHaveLength(1);
  });
});

describe('the logs of all this', () => {
  it('hold no addresses and none of what customers or people of the store wrote', () => {
    const all = logs.join('\n');
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(all).not.toMatch(/polish|E27 bulb|cracked|card number|sparks|unsubscribe me/i);
    // No field of ours takes the place of the log level.
    expect(logs.every((line) => typeof JSON.parse(line).level === 'string')).toBe(true);
  });
});
