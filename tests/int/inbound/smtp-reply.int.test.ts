import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

describe('a reply over real SMTP', () => {
  it('is read, stripped, classified and escalated like one SES received', async () => {
    const buyer = `smtp-${randomUUID().slice(0, 8)}@example.com`;
    await rt.shopify('orders/create', shopifyOrder({ id: '9100001', email: buyer, firstName: 'Lena', at: START }));
    await rt.advance('P1D');
    const note = (await rt.outbox()).find((m: { to: string }) => m.to.includes(buyer));
    const replyTo = /<([^>]+)>/.exec(note.replyTo)![1]!;

    const smtp = createTransport({ host: '127.0.0.1', port: rt.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: `Lena <${buyer}>`,
      to: replyTo,
      subject: `Re: ${note.subject}`,
      inReplyTo: note.messageId,
      references: note.messageId,
      text: `Leider ist die Lampe kaputt angekommen.\n\nAm Montag schrieb Sarah:\n> ${note.text.split('\n')[0]}\n`,
    });
    smtp.close();

    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile?.lastReplyAt).toBeDefined();
    expect(file.profile?.openEscalationId).toBeTruthy();
    const conversation = await rt.deps.customers.conversation(customerKey('northwind', buyer), file.notes[0]!.noteId);
    expect(conversation).toEqual([expect.objectContaining({ direction: 'in', text: 'Leider ist die Lampe kaputt angekommen.', category: 'complaint' })]);
    const notice = (await rt.outbox()).find((m: { to: string; text: string }) => m.to.includes('tom@') && m.text.includes('kaputt'));
    expect(notice).toBeDefined();
  });
});
