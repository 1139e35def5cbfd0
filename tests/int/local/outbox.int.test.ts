/**
 * The outbox of the local SES endpoint: kept in files, filtered by address, cleared, and the
 * /dev/outbox and /dev/mail.txt routes that show it.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalSesEndpoint } from '../../../functions/local/ses/endpoint.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

const dirs: string[] = [];
const endpoints: LocalSesEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((ses) => ses.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-outbox-'));
  dirs.push(dir);
  return dir;
}

async function endpoint(dataDir: string): Promise<LocalSesEndpoint> {
  const ses = new LocalSesEndpoint({ now: () => new Date('2026-11-24T15:00:00.000Z'), outboxDir: join(dataDir, 'outbox') });
  await ses.start();
  endpoints.push(ses);
  return ses;
}

async function send(ses: LocalSesEndpoint, to: string, subject: string): Promise<string> {
  const raw = await new MailComposer({ from: 'Sarah <sarah@northwind.example>', to, subject, text: `Hello ${to}` }).compile().build();
  const client = new SESClient({ endpoint: ses.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  return (await client.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }))).MessageId!;
}

describe('the outbox kept in a folder', () => {
  it('survives a restart, filters by address and empties on clear', async () => {
    const dir = await tempDir();
    const first = await endpoint(dir);
    const ada = await send(first, 'Ada Lovelace <ada@example.com>', 'For Ada');
    await send(first, 'lin@example.com', 'For Lin');
    await send(first, 'ADA@example.com', 'For Ada again');
    await first.stop();

    const second = await endpoint(dir);
    expect(second.outbox.list().map((m) => m.subject)).toEqual(['For Ada', 'For Lin', 'For Ada again']);
    const toAda = await second.outbox.messages({ to: 'ada@example.com' });
    expect(toAda.map((m) => [m.subject, m.text.trim()])).toEqual([
      ['For Ada', 'Hello Ada Lovelace <ada@example.com>'],
      ['For Ada again', 'Hello ADA@example.com'],
    ]);
    expect((await second.outbox.get(ada))?.to).toBe('Ada Lovelace <ada@example.com>');
    expect(await second.outbox.get('no-such-id')).toBeNull();

    expect(await second.outbox.clear()).toBe(3);
    expect(await second.list()).toEqual([]);
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toEqual([]);
    await send(second, 'lin@example.com', 'After the clear');
    await second.stop();

    const third = await endpoint(dir);
    expect(third.outbox.list().map((m) => m.subject)).toEqual(['After the clear']);
  });

  it('reads an outbox kept before summaries were in its index', async () => {
    const dir = await tempDir();
    const first = await endpoint(dir);
    const id = await send(first, 'ada@example.com', 'Kept the old way');
    await first.stop();
    // The earlier index named the file and the envelope only.
    const [file] = (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    const line = { seq: 1, id, sentAt: '2026-11-24T15:00:00.000Z', source: 'sarah@northwind.example', destinations: ['ada@example.com'], configurationSet: null, tags: {}, file };
    await writeFile(join(dir, 'outbox', 'outbox.jsonl'), `${JSON.stringify(line)}\n`);

    const second = await endpoint(dir);
    expect(second.outbox.list({ to: 'ada@example.com' })).toMatchObject([{ id, subject: 'Kept the old way', from: 'Sarah <sarah@northwind.example>' }]);
  });
});

describe('/dev/outbox and /dev/mail.txt', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ clockStart: '2026-11-23T15:00:00.000Z' });
    await rt.shopify('orders/create', shopifyOrder({ id: '7200001', email: 'ada@example.com', firstName: 'Ada', at: '2026-11-23T15:00:00.000Z' }));
    await rt.shopify('orders/create', shopifyOrder({ id: '7200002', email: 'lin@example.com', firstName: 'Lin', at: '2026-11-23T15:00:00.000Z' }));
    await rt.advance('P1D');
  });
  afterAll(() => rt?.stop());

  it('answers only the messages to an address, in the same shape', async () => {
    const all = (await rt.get('/dev/outbox')).body.items;
    expect(all).toHaveLength(2);
    const { body } = await rt.get('/dev/outbox?to=Ada@Example.com');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toEqual(all.find((m: { to: string }) => m.to.includes('ada@')));
    expect(Object.keys(body.items[0])).toEqual(expect.arrayContaining(['id', 'messageId', 'from', 'to', 'replyTo', 'subject', 'text', 'html', 'headers', 'sentAt', 'raw']));
    expect((await rt.get('/dev/outbox?to=nobody@example.com')).body).toEqual({ items: [] });
  });

  it('prints the mail to an address as text for a terminal', async () => {
    const res = await fetch(`${rt.url}/dev/mail.txt?to=lin@example.com`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^Sent: +2026-11-2\d \d\d:\d\d UTC +\(thank-you\)$/m);
    expect(text).toMatch(/^To: +Lin <lin@example\.com>$/m);
    expect(text).toContain('Lin');
    expect(text).not.toContain('ada@example.com');
    expect(await (await fetch(`${rt.url}/dev/mail.txt?to=nobody@example.com`)).text()).toBe('No mail to nobody@example.com yet.\n');
  });

  it('is emptied by DELETE, which says how many it held', async () => {
    const res = await fetch(`${rt.url}/dev/outbox`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 2 });
    expect(await rt.outbox()).toEqual([]);
    expect(await (await fetch(`${rt.url}/dev/outbox`, { method: 'DELETE' })).json()).toEqual({ deleted: 0 });
  });

  it('refuses a clear posted from another site', async () => {
    const res = await fetch(`${rt.url}/dev/mail/clear`, { method: 'POST', headers: { origin: 'https://evil.example' }, redirect: 'manual' });
    expect(res.status).toBe(403);
  });
});
