/**
 * A sender that dies, a send whose outcome nobody knows, two notes racing for one customer's
 * daily slot: what the customer gets in each case (never two copies), and what an operator sees.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SNSEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import type { Note, NoteKey } from '../../../functions/core/domain/note.ts';
import { SEND_EVENT_GRACE_MS, SEND_LEASE_MS, SEND_MAX_RECEIVES } from '../../../functions/core/domain/send-timing.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;
const logs: string[] = [];

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START, log: (line) => logs.push(line) });
});
afterAll(() => rt?.stop());

const api = async (method: 'GET' | 'POST', path: string) => {
  const res = await fetch(`${rt.url}${path}`, { method, headers: { authorization: `Bearer ${rt.operatorToken}` } });
  return { status: res.status, body: (await res.json()) as any };
};
const mailTo = async (address: string) => (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));
const noteOf = async (key: NoteKey) => (await rt.deps.notes.get(key))!;
const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

/** A paid order, its thank-you planned; the clock just before the note falls due. */
async function dueCustomer(tag: string): Promise<{ buyer: string; key: NoteKey; note: Note }> {
  const buyer = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  await rt.shopify('orders/create', shopifyOrder({ id: String(9_100_000 + ++n), email: buyer, at: rt.clock.now().toISOString() }));
  const [note] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
  await rt.advanceTo(at(note!.dueAt, -1_000));
  return { buyer, key: { customerKey: note!.customerKey, noteId: note!.noteId }, note: note! };
}

/** What a sender does before it dies: the sweeper's hand-over and its claim, under a lease. */
async function claimAndDie(key: NoteKey, note: Note, options: { attempted: boolean }) {
  const token = randomUUID();
  expect(await rt.deps.notes.markQueued(key, note.dueAt, token, '2099-01-01T00:00:00.000Z')).toBe(true);
  const now = rt.clock.now();
  const claim = await rt.deps.notes.claim(key, { queueToken: token, claimToken: 'dead-sender', leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString() });
  expect(claim.claimed).toBe(true);
  if (options.attempted) await rt.deps.notes.markAttempt(key, 'dead-sender', now.toISOString());
}

describe('a sender that dies', () => {
  it('before recording its attempt: nothing can have gone out, so the note is due again and sent once', async () => {
    const { buyer, key, note } = await dueCustomer('died-early');
    await claimAndDie(key, note, { attempted: false });
    const leaseEnd = Date.parse(rt.clock.now().toISOString()) + SEND_LEASE_MS;

    await rt.advance('PT1H');
    const mails = await mailTo(buyer);
    expect(mails).toHaveLength(1);
    // Found by the sweeper when the lease ran out, not before.
    expect(Date.parse(mails[0].sentAt)).toBeGreaterThanOrEqual(leaseEnd);
    expect(await noteOf(key)).toMatchObject({ status: 'sent', attempts: 2, sesMessageId: mails[0].id });
    await rt.advance('P3D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('after recording its attempt, with no word from SES: the note waits for a person, who decides', async () => {
    const { buyer, key, note } = await dueCustomer('died-late');
    await claimAndDie(key, note, { attempted: true });

    await rt.advance('PT1H');
    expect(await mailTo(buyer)).toHaveLength(0);
    const waiting = await noteOf(key);
    expect(waiting).toMatchObject({ status: 'unknown', reason: 'sender-lost-mid-send' });
    expect(logs.some((l) => l.includes('"level":"error"') && l.includes('sender lost mid-send'))).toBe(true);

    const id = `${key.customerKey}.${key.noteId}`;
    const listed = await api('GET', `/api/scheduled?store=northwind&until=${encodeURIComponent(START)}`);
    expect(listed.status).toBe(200);
    // Listed although its due time is long before `until`'s horizon would matter: it waits.
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id, store: 'northwind', status: 'unknown', stage: note.stage, dueAt: note.dueAt, customer: { email: buyer, name: expect.any(String) } }),
    );
    // Nothing moves it by itself, however long it waits.
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(0);
    expect((await noteOf(key)).status).toBe('unknown');

    const sent = await api('POST', `/api/scheduled/${id}/send-now`);
    expect(sent.status).toBe(200);
    const [mail] = await mailTo(buyer);
    expect(mail.sentAt).toBe(rt.clock.now().toISOString());
    expect(await noteOf(key)).toMatchObject({ status: 'sent', decidedBy: 'operator' });
    await rt.advance('P3D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });
});

describe('a send whose outcome is unknown', () => {
  it('is never sent again by itself; "send" waits until SES has had time to report it', async () => {
    const { buyer, key } = await dueCustomer('lost-answer');
    // The connection drops before SES stores anything: the sender cannot tell this from a lost answer.
    rt.ses.injectFaults({ failBeforeAccept: 1 });
    await rt.advance('PT1M');
    const parked = await noteOf(key);
    expect(parked.status).toBe('unknown');

    // Fifteen minutes used to be taken as proof that SES never got it: no longer.
    await rt.advance('PT20M');
    expect(await mailTo(buyer)).toHaveLength(0);

    const id = `${key.customerKey}.${key.noteId}`;
    const early = await api('POST', `/api/scheduled/${id}/send-now`);
    // The grace is counted from when it started waiting, and 20 minutes have passed: allowed.
    expect(Date.parse(rt.clock.now().toISOString()) - Date.parse(parked.waitingSince!)).toBeGreaterThan(SEND_EVENT_GRACE_MS);
    expect(early.status).toBe(200);
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('refuses "send" while SES may still report the first copy, and "drop" sends nothing', async () => {
    const { buyer, key } = await dueCustomer('drop');
    rt.ses.injectFaults({ failBeforeAccept: 1 });
    await rt.advance('PT1M');
    const id = `${key.customerKey}.${key.noteId}`;
    const early = await api('POST', `/api/scheduled/${id}/send-now`);
    expect(early).toMatchObject({ status: 409, body: { problem: 'too-early' } });

    const dropped = await api('POST', `/api/scheduled/${id}/skip`);
    expect(dropped).toMatchObject({ status: 200, body: { id } });
    expect(await noteOf(key)).toMatchObject({ status: 'cancelled', reason: 'dropped-by-operator' });
    await rt.advance('P3D');
    expect(await mailTo(buyer)).toHaveLength(0);
  });

  it('is settled as sent by SES’s Send event however late it comes', async () => {
    const { buyer, key, note } = await dueCustomer('late-event');
    rt.ses.injectFaults({ failBeforeAccept: 1 });
    await rt.advance('PT1M');
    expect((await noteOf(key)).status).toBe('unknown');
    await rt.advance('PT45M');

    // SNS hands the configuration set's Send event over 45 minutes late.
    const sesMessageId = `0100019a-${randomUUID()}-000000`;
    const event = {
      eventType: 'Send',
      mail: {
        timestamp: at(note.dueAt, 1_000),
        messageId: sesMessageId,
        source: 'sarah@northwind.example',
        destination: [buyer],
        tags: { noteId: [key.noteId], customerKey: [key.customerKey], storeId: ['northwind'], stage: [note.stage] },
      },
      send: {},
    };
    const sns = { Records: [{ Sns: { MessageId: randomUUID(), Message: JSON.stringify(event) } }] } as unknown as SNSEvent;
    await rt.functions['ses-events'](sns, {} as Context);

    expect(await noteOf(key)).toMatchObject({ status: 'sent', sesMessageId, sentAt: at(note.dueAt, 1_000) });
    const listed = await api('GET', '/api/scheduled?store=northwind');
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(`${key.customerKey}.${key.noteId}`);
    await rt.advance('P3D');
    expect(await mailTo(buyer)).toHaveLength(0);
  });
});

describe('a note parked by an earlier version', () => {
  it('moves from the sweeper’s index to the operator’s list, and is never sent by itself', async () => {
    const { buyer, key, note } = await dueCustomer('legacy-unknown');
    // As the earlier version left it: `unknown`, back in the due index at a reconcile time.
    await rt.deps.dynamoDocument.send(
      new UpdateCommand({
        TableName: rt.deps.tableName,
        Key: { pk: `C#${key.customerKey}`, sk: `N#${key.noteId}` },
        UpdateExpression: 'SET #s = :unknown, dueSk = :at',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':unknown': 'unknown', ':at': note.dueAt },
      }),
    );
    await rt.advance('PT1H');
    expect(await noteOf(key)).toMatchObject({ status: 'unknown', waitingSince: note.dueAt });
    const listed = await api('GET', '/api/scheduled?store=northwind');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: `${key.customerKey}.${key.noteId}`, status: 'unknown' }));
    expect(await mailTo(buyer)).toHaveLength(0);
  });
});

describe('the daily cap under concurrency', () => {
  it('lets one of two notes falling due together through, and the other waits for the next day', async () => {
    const { buyer, key, note } = await dueCustomer('two-at-once');
    const second: Note = { ...note, noteId: 'secondnote', version: 1 };
    expect(await rt.deps.notes.create(second)).toBe(true);
    const keys = [key, { customerKey: key.customerKey, noteId: second.noteId }];
    const records = await Promise.all(
      keys.map(async (k, i) => {
        const token = randomUUID();
        expect(await rt.deps.notes.markQueued(k, note.dueAt, token, '2099-01-01T00:00:00.000Z')).toBe(true);
        return { messageId: `m${i}`, body: JSON.stringify({ kind: 'note', ...k, token }), attributes: { ApproximateReceiveCount: '1' } };
      }),
    );
    // One queue batch with both: the sender works on its records side by side, as in AWS.
    const answer = await rt.functions['send-mail']({ Records: records } as unknown as SQSEvent, {} as Context);
    expect(answer).toEqual({ batchItemFailures: [] });

    expect(await mailTo(buyer)).toHaveLength(1);
    const states = await Promise.all(keys.map(noteOf));
    const sent = states.find((s) => s.status === 'sent')!;
    const waiting = states.find((s) => s.status === 'scheduled')!;
    expect(waiting).toMatchObject({ reason: 'daily-cap' });
    expect(Date.parse(waiting.dueAt)).toBeGreaterThanOrEqual(Date.parse(sent.sentAt!) + 86_400_000);

    // The next day may be a Monday (the window skips weekends): go to the time it was given.
    await rt.advanceTo(at(waiting.dueAt, 1_000));
    const mails = await mailTo(buyer);
    expect(mails).toHaveLength(2);
    expect(mails[1].sentAt).toBe(waiting.dueAt);
    expect(Date.parse(mails[1].sentAt) - Date.parse(mails[0].sentAt)).toBeGreaterThanOrEqual(86_400_000);
  });
});

describe('a queue message that keeps failing', () => {
  it('is logged as an error when it fails for the last time before the dead-letter queue', async () => {
    const { key, note } = await dueCustomer('dead-letter');
    const token = randomUUID();
    await rt.deps.notes.markQueued(key, note.dueAt, token, '2099-01-01T00:00:00.000Z');
    // Another sender holds a live claim: the message cannot be done now.
    await rt.deps.notes.claim(key, { queueToken: token, claimToken: 'busy', leaseUntil: at(rt.clock.now().toISOString(), SEND_LEASE_MS) });
    const record = (count: number) => ({ messageId: `dl-${count}`, body: JSON.stringify({ kind: 'note', ...key, token: 'another' }), attributes: { ApproximateReceiveCount: String(count) } });
    const handler = rt.functions['send-mail'];
    logs.length = 0;
    await handler({ Records: [record(1)] } as unknown as SQSEvent, {} as Context);
    expect(logs.filter((l) => l.includes('dead-letter'))).toHaveLength(0);
    await handler({ Records: [record(SEND_MAX_RECEIVES)] } as unknown as SQSEvent, {} as Context);
    const last = logs.map((l) => JSON.parse(l)).find((l) => String(l.message).includes('dead-letter queue'));
    expect(last).toMatchObject({ level: 'error', messageId: `dl-${SEND_MAX_RECEIVES}` });
  });
});

