import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

const mailTo = async (address: string) => (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));

/** A customer whose thank-you note went out, and the reply address on it. */
async function customerWithNote() {
  const buyer = `bounce-${randomUUID().slice(0, 8)}@example.com`;
  const id = String(9_200_000 + ++n);
  await rt.shopify('orders/create', shopifyOrder({ id, email: buyer, firstName: 'Ada', at: rt.clock.now().toISOString() }));
  for (let day = 0; day < 7 && (await mailTo(buyer)).length === 0; day += 1) await rt.advance('P1D');
  const [note] = await mailTo(buyer);
  return { buyer, replyTo: /<([^>]+)>/.exec(note.replyTo)![1]! };
}

const inbound = (raw: string) => rt.post('/dev/inbound', raw.replace(/\n/g, '\r\n'), { 'content-type': 'message/rfc822' });

describe('a plain-text failure notice sent to a reply address (no report part, no X-Failed-Recipients)', () => {
  it('is a bounce: nobody hears of it, and the customer it names gets no more notes', async () => {
    const { buyer, replyTo } = await customerWithNote();
    const sentBefore = (await rt.outbox()).length;
    const answer = await inbound(
      [
        'From: MAILER-DAEMON@mail.gmx.com',
        `To: ${replyTo}`,
        'Subject: Mail delivery failed: returning message to sender',
        `Message-ID: <${randomUUID()}@mail.gmx.com>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'This message was created automatically by mail delivery software.',
        '',
        'A message that you sent could not be delivered to one or more of',
        'its recipients. This is a permanent error. The following address',
        'failed:',
        '',
        `"${buyer}":`,
        'SMTP error from remote server after RCPT command:',
        `5.2.2 <${buyer}>... Mailbox Full`,
        '',
      ].join('\n'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'bounce', classification: { category: 'bounce', escalate: false } });
    expect(answer.body.escalationId).toBeUndefined();

    // Nothing was sent to a person, and nothing was recorded as the customer talking.
    expect((await rt.outbox()).length).toBe(sentBefore);
    const file = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(file.profile?.lastReplyAt).toBeFalsy();
    expect(file.profile?.openEscalationId).toBeFalsy();
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).toContain('bounced');
  });

  it('a Yahoo "Failure Notice" about someone else suppresses nobody', async () => {
    const { buyer, replyTo } = await customerWithNote();
    const answer = await inbound(
      [
        'From: MAILER-DAEMON@yahoo.com',
        `To: ${replyTo}`,
        'Subject: Failure Notice',
        '',
        'Sorry, we were unable to deliver your message to the following address.',
        '',
        '<someone.else@example.org>:',
        'Remote host said: 550 5.1.1 <someone.else@example.org>... User Unknown [RCPT_TO]',
        '',
      ].join('\n'),
    );
    expect(answer.body).toMatchObject({ outcome: 'bounce' });
    expect(await rt.deps.suppressions.reasons(buyer, 'northwind')).not.toContain('bounced');
  });
});
