/**
 * `npx followup trigger` against the local runtime: signed as the platform signs, dated on the
 * runtime's clock, one JSON line out, and clear failures.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trigger, type TriggerDeps } from '../../../functions/cli/trigger/trigger.ts';
import { followup, jsonLine } from '../../support/cli.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

// A Tuesday years after every date in the example payloads: what is sent must be dated on this clock.
const START = '2030-01-15T15:00:00.000Z';
const config = testConfig({}, [
  { id: 'atelier', name: 'Atelier Lumière', platforms: { woocommerce: { secret: 'northwind/woocommerce', sourceUrl: 'https://atelier-lumiere.example/' } } },
]);
const tmp = mkdtempSync(join(tmpdir(), 'followup-trigger-'));
const configFile = join(tmp, 'config.json');
writeFileSync(configFile, JSON.stringify(config));

let rt: TestRuntime;
const deps = (): TriggerDeps => ({ config, secrets: config.localSecrets, realNow: () => new Date('2026-11-26T12:00:00.000Z'), warn: () => undefined });
/** Minutes between a stored time and the runtime's clock. */
const minutesFromNow = (iso: string | null | undefined) => (Date.parse(iso ?? '') - rt.clock.now().getTime()) / 60_000;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START, config });
});
afterAll(() => rt?.stop());

describe('npx followup trigger', () => {
  it('posts a signed order dated on the runtime clock and prints one JSON line', async () => {
    const run = await followup(['trigger', 'shopify', 'orders/paid', '--url', rt.url, '--email', 'ada.trigger@example.com']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const line = jsonLine(run);
    expect(line).toEqual({ status: 200, body: { status: 'accepted' }, orderId: expect.stringMatching(/^\d+$/) });

    await rt.planned();
    const order = await rt.deps.orders.get('northwind', 'shopify', line.orderId);
    expect(order?.snapshot?.email).toBe('ada.trigger@example.com');
    expect(minutesFromNow(order?.facts.paidAt)).toBeCloseTo(0, 0);
    await rt.advance('P1D');
    const [note] = (await rt.get('/dev/outbox?to=ada.trigger@example.com')).body.items;
    expect(note.subject).toBeTruthy();
    expect(note.sentAt.slice(0, 10)).toBe('2030-01-15');
  });

  it('dates a Stripe event on the runtime clock too', async () => {
    const result = await trigger({ platform: 'stripe', topic: 'checkout.session.completed', url: rt.url }, deps());
    expect(result).toMatchObject({ status: 200, body: { status: 'accepted' }, orderId: expect.stringMatching(/^pi_/) });
    await rt.planned();
    const order = await rt.deps.orders.get('northwind', 'stripe', result.orderId!);
    expect(minutesFromNow(order?.facts.paidAt)).toBeCloseTo(0, 0);
  });

  it('follows one order through its life with --order-id', async () => {
    const paid = await trigger({ platform: 'shopify', topic: 'orders/paid', url: rt.url }, deps());
    for (const topic of ['fulfillments/create', 'fulfillments/update']) {
      const next = await trigger({ platform: 'shopify', topic, url: rt.url, orderId: paid.orderId! }, deps());
      expect(next).toMatchObject({ status: 200, body: { status: 'accepted' }, orderId: paid.orderId });
    }
    await rt.planned();
    const order = await rt.deps.orders.get('northwind', 'shopify', paid.orderId!);
    expect(order?.facts).toMatchObject({ paidAt: expect.any(String), fulfilledAt: expect.any(String), deliveredAt: expect.any(String) });
  });

  it('sends a payload of one’s own, ids as written, times moved to the clock unless kept', async () => {
    const file = join(tmp, 'my-order.json');
    writeFileSync(file, readFileSync('tests/fixtures/webhooks/shopify/orders-create.json'));
    const moved = await trigger({ platform: 'shopify', topic: 'orders/create', url: rt.url, orderFile: file }, deps());
    expect(moved).toMatchObject({ status: 200, body: { status: 'accepted' }, orderId: '820982911946154508' });
    await rt.planned();
    const order = await rt.deps.orders.get('northwind', 'shopify', '820982911946154508');
    expect(minutesFromNow(order?.snapshot?.createdAt)).toBeCloseTo(0, 0);

    const kept = join(tmp, 'kept.json');
    writeFileSync(kept, readFileSync('tests/fixtures/webhooks/woocommerce/order-updated-processing.json'));
    const asIs = await trigger({ platform: 'woocommerce', topic: 'order.updated', url: rt.url, orderFile: kept, keepDates: true }, deps());
    expect(asIs).toMatchObject({ status: 200, orderId: '5127' });
    await rt.planned();
    expect((await rt.deps.orders.get('northwind', 'woocommerce', '5127'))?.facts.paidAt).toBe('2026-07-11T08:12:44.000Z');
  });

  it('wraps a bare Stripe object into an event of the asked type, and refuses an event of another type', async () => {
    const event = JSON.parse(readFileSync('examples/webhooks/stripe/checkout.session.completed.json', 'utf8'));
    const session = join(tmp, 'session.json');
    writeFileSync(session, JSON.stringify(event.data.object));
    const result = await trigger({ platform: 'stripe', topic: 'checkout.session.completed', url: rt.url, orderFile: session }, deps());
    expect(result).toMatchObject({ status: 200, body: { status: 'accepted' }, orderId: event.data.object.payment_intent });

    await expect(
      trigger({ platform: 'stripe', topic: 'charge.refunded', url: rt.url, orderFile: 'examples/webhooks/stripe/checkout.session.completed.json' }, deps()),
    ).rejects.toThrow('is a checkout.session.completed event, not charge.refunded');
  });

  it('reaches a named store of FOLLOWUP_CONFIG on its own route, with its own identity', async () => {
    const run = await followup(['trigger', 'woocommerce', 'order.created', '--store', 'atelier', '--url', rt.url], { env: { FOLLOWUP_CONFIG: configFile } });
    expect(run.status).toBe(0);
    const line = jsonLine(run);
    expect(line).toMatchObject({ status: 200, body: { status: 'accepted' } });
    await rt.planned();
    expect(await rt.deps.orders.get('atelier', 'woocommerce', line.orderId)).not.toBeNull();
  });

  it('sends a topic the product does not read all the same, answered "ignored", and names those it reads', async () => {
    const run = await followup(['trigger', 'shopify', 'orders/updated', '--url', rt.url]);
    expect(run.status, run.stderr).toBe(0);
    expect(jsonLine(run)).toEqual({ status: 200, body: { status: 'ignored' }, orderId: null });
    expect(run.stderr).toContain('shopify topic "orders/updated" is not one the product reads');
    expect(run.stderr).toContain('orders/create, orders/paid, orders/fulfilled, orders/cancelled, refunds/create, fulfillments/create, fulfillments/update');
    for (const [platform, topic] of [['woocommerce', 'product.updated'], ['stripe', 'customer.created']] as const) {
      const warned: string[] = [];
      const result = await trigger({ platform, topic, url: rt.url }, { ...deps(), warn: (line) => warned.push(line) });
      expect(result, topic).toEqual({ status: 200, body: { status: 'ignored' }, orderId: null });
      expect(warned.join('\n')).toContain(`"${topic}" is not one the product reads`);
    }
  });

  it('exits non-zero when the runtime refuses the delivery, and says why', async () => {
    const run = await followup(['trigger', 'shopify', 'orders/paid', '--url', rt.url], { env: { SHOPIFY_WEBHOOK_SECRET: 'not-the-runtime-secret' } });
    expect(run.status).toBe(1);
    expect(jsonLine(run)).toMatchObject({ status: 401, body: { error: expect.stringContaining('x-shopify-hmac-sha256') } });
    expect(run.stderr).toContain('the runtime answered 401');
  });

  it('says so when nothing answers', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(trigger({ platform: 'stripe', topic: 'charge.refunded', url }, deps())).rejects.toThrow(
      `nothing answers at ${url} (ECONNREFUSED): start the runtime with "npm start", or give --url`,
    );
  });
});

describe('trigger against an API without a virtual clock', () => {
  it('dates and signs on this machine’s time, with a note', async () => {
    // A stand-in for a deployed API: no /dev routes; it records what it is sent.
    const received: Array<{ path: string; signature: string | undefined; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/dev/clock') return res.writeHead(404).end('{"message":"Not Found"}');
        received.push({ path: req.url ?? '', signature: req.headers['stripe-signature'] as string | undefined, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const notes: string[] = [];
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await trigger({ platform: 'stripe', topic: 'checkout.session.completed', url }, { ...deps(), warn: (line) => notes.push(line) });
      expect(result).toMatchObject({ status: 200, body: { status: 'accepted' } });
    } finally {
      server.close();
    }
    const realSeconds = Date.parse('2026-11-26T12:00:00.000Z') / 1000;
    expect(notes.join('\n')).toContain('no virtual clock');
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/webhooks/stripe');
    expect(received[0]!.signature).toMatch(new RegExp(`^t=${realSeconds},v1=[0-9a-f]{64}$`));
    expect(JSON.parse(received[0]!.body).created).toBe(realSeconds);
  });
});
