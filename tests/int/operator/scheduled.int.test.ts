/**
 * The operator's view of notes to come, through the local runtime's HTTP server: the list, skip,
 * send now, and the console's section of notes waiting for a decision (with its CSRF guard).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCommand } from '../../../functions/cli/operator/commands.ts';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import type { Note } from '../../../functions/core/domain/note.ts';
import { SEND_EVENT_GRACE_MS } from '../../../functions/core/domain/send-timing.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let n = 0;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

const api = async (method: 'GET' | 'POST', path: string, token: string | null = rt.operatorToken) => {
  const res = await fetch(`${rt.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
};
const mailTo = async (address: string) => (await rt.outbox()).filter((m: { to: string }) => m.to.includes(address));
const idOf = (note: Note) => `${note.customerKey}.${note.noteId}`;

async function planned(tag: string, firstName = 'Grace'): Promise<{ buyer: string; note: Note }> {
  const buyer = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  await rt.shopify('orders/create', shopifyOrder({ id: String(9_300_000 + ++n), email: buyer, firstName, at: rt.clock.now().toISOString() }));
  const [note] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
  return { buyer, note: note! };
}

/** A note whose send was cut off before SES stored anything: it waits for a person. */
async function waitingForAPerson(tag: string) {
  const { buyer, note } = await planned(tag);
  rt.ses.injectFaults({ failBeforeAccept: 1 });
  await rt.advanceTo(new Date(Date.parse(note.dueAt) + 1_000).toISOString());
  expect((await rt.deps.notes.get(note))!.status).toBe('unknown');
  return { buyer, note };
}

describe('GET /api/scheduled', () => {
  it('lists a store’s notes due up to a time, soonest first, with who they go to', async () => {
    const a = await planned('list-a', 'Ada');
    await rt.advance('PT10M');
    const b = await planned('list-b', 'Bea');
    const [first, last] = [a, b].sort((x, y) => x.note.dueAt.localeCompare(y.note.dueAt));
    const until = new Date(Date.parse(last!.note.dueAt) + 60_000).toISOString();
    const { status, body } = await api('GET', `/api/scheduled?store=northwind&until=${encodeURIComponent(until)}`);
    expect(status).toBe(200);
    const ours = body.items.filter((i: { id: string }) => [idOf(a.note), idOf(b.note)].includes(i.id));
    const item = (c: typeof a, name: string) => ({ id: idOf(c.note), store: 'northwind', customer: { email: c.buyer, name }, stage: 'thank-you', dueAt: c.note.dueAt, status: 'scheduled' });
    expect(ours).toEqual([item(first!, first === a ? 'Ada' : 'Bea'), item(last!, last === a ? 'Ada' : 'Bea')]);
    const dues = body.items.map((i: { dueAt: string }) => i.dueAt);
    expect(dues).toEqual([...dues].sort());

    const earlier = await api('GET', `/api/scheduled?store=northwind&until=${encodeURIComponent(new Date(Date.parse(last!.note.dueAt) - 1).toISOString())}`);
    expect(earlier.body.items.map((i: { id: string }) => i.id)).not.toContain(idOf(last!.note));
    // An offset typed unencoded: its "+" arrives as a space, and means the same time.
    const offset = new Date(Date.parse(last!.note.dueAt) - 1 + 3_600_000).toISOString().replace('Z', '+01:00');
    const typed = await api('GET', `/api/scheduled?store=northwind&until=${offset}`);
    expect(typed.body.items.map((i: { id: string }) => i.id)).toEqual(earlier.body.items.map((i: { id: string }) => i.id));
    await rt.advance('P1D');
  });

  it('answers 401 without the token and 400 for a bad time or an unknown store', async () => {
    expect((await api('GET', '/api/scheduled', null)).status).toBe(401);
    expect(await api('GET', '/api/scheduled?until=tomorrow')).toMatchObject({ status: 400, body: { error: expect.stringContaining('ISO time') } });
    expect(await api('GET', '/api/scheduled?store=nowhere')).toMatchObject({ status: 400, body: { error: 'no store nowhere' } });
  });
});

describe('POST /api/scheduled/{id}/skip and /send-now', () => {
  it('skip: the note never goes out and leaves the list', async () => {
    const { buyer, note } = await planned('skip');
    const skipped = await api('POST', `/api/scheduled/${idOf(note)}/skip`);
    expect(skipped).toMatchObject({ status: 200, body: { id: idOf(note), status: 'cancelled' } });
    expect(await rt.deps.notes.get(note)).toMatchObject({ status: 'cancelled', reason: 'skipped-by-operator', decidedBy: 'operator' });
    const listed = await api('GET', '/api/scheduled?store=northwind');
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(idOf(note));
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(0);
    // A note that is no longer scheduled cannot be skipped again.
    expect(await api('POST', `/api/scheduled/${idOf(note)}/skip`)).toMatchObject({ status: 409, body: { problem: 'conflict' } });
  });

  it('send now: out at once, even outside the send window, and only once', async () => {
    // 20:00 in New York: the send window is closed until tomorrow morning.
    const evening = new Date(rt.clock.now());
    evening.setUTCHours(24 + 1, 0, 0, 0);
    await rt.advanceTo(evening.toISOString());
    const { buyer, note } = await planned('now');
    expect(Date.parse(note.dueAt)).toBeGreaterThan(Date.parse(rt.clock.now().toISOString()) + 3_600_000);
    const sent = await api('POST', `/api/scheduled/${idOf(note)}/send-now`);
    expect(sent).toMatchObject({ status: 200, body: { id: idOf(note) } });
    const mails = await mailTo(buyer);
    expect(mails).toHaveLength(1);
    expect(mails[0].sentAt).toBe(rt.clock.now().toISOString());
    expect(await api('POST', `/api/scheduled/${idOf(note)}/send-now`)).toMatchObject({ status: 409 });
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(1);
  });

  it('answers 404 for a note it does not know', async () => {
    expect((await api('POST', '/api/scheduled/aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbb/skip')).status).toBe(404);
    expect((await api('POST', '/api/scheduled/not-a-note/send-now')).status).toBe(404);
  });
});

describe('npx followup scheduled, against the runtime', () => {
  it('lists the notes and skips one', async () => {
    const { note } = await planned('cli');
    let printed = '';
    const cli = (args: string[]) => operatorCommand('scheduled', [...args, '--api', rt.url, '--token', rt.operatorToken], (t) => void (printed += t));
    await cli(['list', '--store', 'northwind', '--json']);
    expect(JSON.parse(printed).items.map((i: { id: string }) => i.id)).toContain(idOf(note));
    printed = '';
    await cli(['skip', idOf(note)]);
    expect(printed).toBe(`Scheduled note ${idOf(note)}: skipped (cancelled)\n`);
    expect((await rt.deps.notes.get(note))!.status).toBe('cancelled');
  });
});

describe('the console’s notes waiting for a decision', () => {
  async function signIn(): Promise<string> {
    const login = await fetch(`${rt.url}/console/login`, {
      method: 'POST',
      body: `token=${encodeURIComponent(rt.operatorToken)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    return login.headers.get('set-cookie')!.split(';')[0]!;
  }
  const page = async (session: string) => (await fetch(`${rt.url}/console`, { headers: { cookie: session } })).text();
  const post = (session: string, path: string, body: string) =>
    fetch(`${rt.url}${path}`, { method: 'POST', body, headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  const formOf = (html: string, note: Note, action: string) => {
    const match = new RegExp(`<form[^>]*action="/console/scheduled/${idOf(note).replace('.', '\\.')}/${action}"><input type="hidden" name="csrf" value="([^"]+)"><button( disabled)?>`).exec(html);
    return match ? { csrf: match[1]!, disabled: Boolean(match[2]) } : null;
  };

  it('shows each one with Send and Drop; Drop needs the form’s token and sends nothing', async () => {
    const { buyer, note } = await waitingForAPerson('console-drop');
    const session = await signIn();
    const html = await page(session);
    expect(html).toContain('Notes waiting for your decision');
    expect(html).toContain(buyer);
    // Send is offered only once SES has had time to report the first copy.
    expect(formOf(html, note, 'send')).toMatchObject({ disabled: true });
    const drop = formOf(html, note, 'drop')!;
    expect(drop.disabled).toBe(false);

    const forged = await post(session, `/console/scheduled/${idOf(note)}/drop`, 'csrf=forged');
    expect(forged.status).toBe(403);
    expect((await rt.deps.notes.get(note))!.status).toBe('unknown');

    const dropped = await post(session, `/console/scheduled/${idOf(note)}/drop`, `csrf=${encodeURIComponent(drop.csrf)}`);
    expect(dropped.status).toBe(303);
    expect(await rt.deps.notes.get(note)).toMatchObject({ status: 'cancelled', reason: 'dropped-by-operator', decidedBy: 'operator' });
    expect(await page(session)).not.toContain(buyer);
    await rt.advance('P2D');
    expect(await mailTo(buyer)).toHaveLength(0);
  });

  it('Send, once offered, sends it again: one copy arrives', async () => {
    const { buyer, note } = await waitingForAPerson('console-send');
    await rt.advance(`PT${SEND_EVENT_GRACE_MS / 60_000 + 1}M`);
    const session = await signIn();
    const send = formOf(await page(session), note, 'send')!;
    expect(send.disabled).toBe(false);
    const res = await post(session, `/console/scheduled/${idOf(note)}/send`, `csrf=${encodeURIComponent(send.csrf)}`);
    expect(res.status).toBe(303);
    expect(await mailTo(buyer)).toHaveLength(1);
    expect(await rt.deps.notes.get(note)).toMatchObject({ status: 'sent', decidedBy: 'operator' });
  });
});
