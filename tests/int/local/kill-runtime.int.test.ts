/**
 * The local runtime killed with SIGKILL in the middle of sending, twice, and started again on
 * the same data folder each time: every customer gets exactly one note, or one waits visibly for
 * a person; nobody gets two; the clock never goes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { shopifyOrder } from '../../support/purchases.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
const CUSTOMERS = 24;
const CHILD = fileURLToPath(new URL('../../support/runtime-child.ts', import.meta.url));
const CHILD_OPERATOR_TOKEN = 'operator-token-of-the-killed-runtime';

const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startChild(dataDir: string, tableName: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, inject('dynamoEndpoint'), tableName, START, CHILD_OPERATOR_TOKEN], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`the runtime exited before it was ready: ${errors}`)));
  });
  return { child, url, exited };
}

async function call(url: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${CHILD_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return (await res.json()) as any;
}

/** Resolves once the SES endpoint's record holds at least `count` messages. */
async function untilRecorded(dataDir: string, count: number): Promise<number> {
  const path = join(dataDir, 'ses', 'sends.jsonl');
  for (;;) {
    const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    if (lines >= count) return lines;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Starts moving the clock, and kills the runtime as soon as `count` messages are recorded. */
async function killWhileSending(running: Running, dataDir: string, count: number): Promise<number> {
  const walking = call(running.url, 'POST', '/dev/clock', { advance: 'PT8H' }).catch(() => null);
  const recorded = await untilRecorded(dataDir, count);
  running.child.kill('SIGKILL');
  await running.exited;
  await walking;
  return recorded;
}

describe('a runtime killed mid-send', () => {
  it('leaves every customer with one note or one visibly waiting, none with two, and its clock where it was', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'followup-kill-'));
    dirs.push(dataDir);
    const tableName = `followup-kill-${randomUUID()}`;
    let running = await startChild(dataDir, tableName);

    const buyers = Array.from({ length: CUSTOMERS }, (_, i) => `killed-${i}-${randomUUID().slice(0, 6)}@example.com`);
    for (const [i, buyer] of buyers.entries()) {
      const body = JSON.stringify(shopifyOrder({ id: String(9_700_000 + i), email: buyer, at: START }));
      const res = await fetch(`${running.url}/webhooks/shopify`, { method: 'POST', body, headers: shopifyHeaders('orders/create', body, 'local-shopify-secret', { webhookId: randomUUID() }) });
      expect(res.status).toBe(200);
    }
    // Planned (off the table's stream): every note is listed, due in about two hours.
    for (let i = 0; i < 200; i += 1) {
      if ((await call(running.url, 'GET', '/api/scheduled?store=northwind')).items.length === CUSTOMERS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const planned = (await call(running.url, 'GET', '/api/scheduled?store=northwind')).items as Array<{ dueAt: string }>;
    expect(planned).toHaveLength(CUSTOMERS);
    const firstDue = planned.map((p) => p.dueAt).sort()[0]!;
    await call(running.url, 'POST', '/dev/clock', { to: new Date(Date.parse(firstDue) - 1_000).toISOString() });

    // Killed right after the first message is recorded: it was sent, and its sender never heard back.
    const firstKill = await killWhileSending(running, dataDir, 1);
    running = await startChild(dataDir, tableName);
    const afterFirst = await call(running.url, 'GET', '/dev/outbox');
    const clockAfterFirst = (await call(running.url, 'GET', '/dev/clock')).now as string;
    for (const sent of afterFirst.items as Array<{ sentAt: string }>) expect(clockAfterFirst >= sent.sentAt).toBe(true);

    // Killed again later in the walk.
    const secondKill = await killWhileSending(running, dataDir, firstKill + CUSTOMERS / 3);
    running = await startChild(dataDir, tableName);
    const before = (await call(running.url, 'GET', '/dev/outbox')).items as Array<{ sentAt: string }>;
    const clock = (await call(running.url, 'GET', '/dev/clock')).now as string;
    for (const sent of before) expect(clock >= sent.sentAt, 'the clock never goes back behind work it did').toBe(true);
    expect(before.length).toBeGreaterThanOrEqual(secondKill - 1);

    // Leases run out, recorded sends are settled, the rest goes out.
    await call(running.url, 'POST', '/dev/clock', { advance: 'P2D' });
    const outbox = (await call(running.url, 'GET', '/dev/outbox')).items as Array<{ to: string }>;
    const listed = (await call(running.url, 'GET', `/api/scheduled?store=northwind&until=${encodeURIComponent('2027-01-01T00:00:00Z')}`)).items as Array<{
      customer: { email: string };
      status: string;
    }>;
    const waiting = new Set(listed.filter((i) => i.status === 'unknown').map((i) => i.customer.email));
    for (const buyer of buyers) {
      const got = outbox.filter((m) => m.to.includes(buyer)).length;
      expect(got, `${buyer} never gets two`).toBeLessThanOrEqual(1);
      const state = listed.filter((i) => i.customer.email === buyer).map((i) => i.status);
      expect(got === 1 || waiting.has(buyer), `${buyer} got the note, or it waits visibly (got ${got}, listed ${state.join() || 'nothing'})`).toBe(true);
    }
    // Nothing is left scheduled or half-sent without anyone knowing.
    expect(listed.filter((i) => buyers.includes(i.customer.email) && i.status !== 'unknown')).toEqual([]);
    running.child.kill('SIGTERM');
    await running.exited;
  });
});
