/**
 * The send queue's work, use case by use case, against DynamoDB Local and the local SES endpoint
 * driven by the real SES client, with a fixed clock: the sweep hands a due note to the queue as
 * a `note` message, sendQueued sends it once (the same message again sends nothing), and a
 * `notice` message emails the escalation's owner.
 */
import { SESClient } from '@aws-sdk/client-ses';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiquidNoteRenderer } from '../../../functions/adapters/render/liquid-renderer.ts';
import { REPOSITORY_TEMPLATES_DIR } from '../../../functions/adapters/render/templates-dir.ts';
import { SesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';
import { customerKey, noteId } from '../../../functions/core/domain/keys.ts';
import type { Escalation } from '../../../functions/core/domain/escalation.ts';
import { QueueMessage } from '../../../functions/core/domain/queue-message.ts';
import { sendQueued } from '../../../functions/core/use-cases/send-queued.ts';
import { sweepDue } from '../../../functions/core/use-cases/sweep-due.ts';
import { LocalQueue } from '../../../functions/local/local-queue.ts';
import { LocalSesEndpoint } from '../../../functions/local/ses/endpoint.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { shopifyOrderEvent, useCaseParts } from '../../support/use-case-parts.ts';

// Monday 2026-11-23, 12:00 in New York: inside the send window.
const AT = '2026-11-23T17:00:00.000Z';
let parts: Awaited<ReturnType<typeof useCaseParts>>;
let ses: LocalSesEndpoint;
let send: Parameters<typeof sendQueued>[0];

beforeAll(async () => {
  parts = await useCaseParts({ at: AT });
  ses = new LocalSesEndpoint({ now: () => parts.clock.now() });
  await ses.start();
  const client = new SESClient({ endpoint: ses.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  send = {
    ...parts,
    mailer: new SesMailer(client, { configurationSet: 'followup-test', clock: parts.clock, messageIdFor: parts.messageIdFor }),
    renderer: new LiquidNoteRenderer({ templatesDir: REPOSITORY_TEMPLATES_DIR }),
  };
});
afterAll(async () => {
  await ses?.stop();
  parts?.close();
});

/** The bodies the queue holds, taken out of it. */
async function drained(queue: LocalQueue): Promise<QueueMessage[]> {
  const bodies: QueueMessage[] = [];
  await queue.drain(async (event: SQSEvent) => void bodies.push(...event.Records.map((r) => QueueMessage.parse(JSON.parse(r.body)))));
  return bodies;
}

describe('the send queue\'s work, against DynamoDB Local and the local SES endpoint', () => {
  it('sweeps a due note into a note message, sends it once, and sends nothing for the same message again', async () => {
    const buyer = 'cleo.send@example.com';
    const key = customerKey('northwind', buyer);
    await parts.orders.apply({ storeId: 'northwind', customerKey: key, event: shopifyOrderEvent('orders/create', shopifyOrder({ id: '6600001', email: buyer, firstName: 'Cleo', at: AT })) });
    await parts.customers.countOrder({ customerKey: key, storeId: 'northwind', email: buyer, firstName: 'Cleo', orderRef: 'shopify:6600001', totalMinor: 8900, currency: 'USD', orderedAt: AT });
    const id = noteId('shopify:6600001', 'thank-you');
    await parts.notes.create({ customerKey: key, noteId: id, storeId: 'northwind', stage: 'thank-you', orders: { 'shopify:6600001': AT }, status: 'scheduled', dueAt: AT, plannedAt: AT, attempts: 0, version: 1 });

    const queue = new LocalQueue({ clock: parts.clock, visibilityTimeoutMs: 60_000, maxReceives: 5, batchSize: 5 });
    expect(await sweepDue({ ...parts, queue })).toEqual({ queued: 1 });
    const [message] = await drained(queue);
    expect(message).toMatchObject({ kind: 'note', customerKey: key, noteId: id });

    expect(await sendQueued(send, message!)).toBe('sent');
    expect(await sendQueued(send, message!)).toBe('skipped');
    const mail = (await ses.list()).filter((m) => m.to.includes(buyer));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ from: 'Sarah at Northwind Home <sarah@northwind.example>', configurationSet: 'followup-test', sentAt: AT });
    expect((await parts.notes.get({ customerKey: key, noteId: id }))?.messageId).toBe(mail[0]!.messageId);
  });

  it('emails an escalation\'s owner for a notice message', async () => {
    const escalation: Escalation = {
      id: 'northwind.abcdefghijklmnop',
      storeId: 'northwind',
      status: 'open',
      priority: 'normal',
      category: 'complaint',
      owner: { name: 'Tom', email: 'tom@northwind.example' },
      level: 0,
      createdAt: AT,
      dueBy: '2026-11-23T21:00:00.000Z',
      customerKey: customerKey('northwind', 'dora@example.com'),
      noteId: 'n1',
      customer: { email: 'dora@example.com', name: 'Dora' },
      order: null,
      reply: { text: 'The mug arrived chipped.', receivedAt: AT, subject: 'Re: your order', messageId: null },
      reasons: ['problem: chipped (en)'],
      version: 1,
    };
    expect(await parts.escalations.create(escalation)).toBe(true);
    await sendQueued(send, { kind: 'notice', escalationId: escalation.id, reason: 'new' });
    const [notice] = (await ses.list()).filter((m) => m.to.includes('tom@northwind.example'));
    expect(notice?.text).toContain('The mug arrived chipped.');
    expect(notice?.from).toContain('escalations@in.northwind.example');
  });
});
