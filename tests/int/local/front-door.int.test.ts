/**
 * The local runtime's front doors under hostile input: malformed request lines and paths, a clock
 * move past the end of time, hostile MIME, requests from other sites, a null envelope sender.
 * Each answer is checked, and so is that the runtime still serves afterwards and nothing moved.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

/** Sends bytes as they are (no client library would send these) and returns the status line. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(rt.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.write(text);
  });
}

const health = async () => (await fetch(`${rt.url}/health`)).status;

/** A nested multipart message, `depth` levels deep. */
function nested(depth: number, to: string): string {
  let body = 'Content-Type: text/plain\r\n\r\nhello\r\n';
  for (let i = depth - 1; i >= 0; i -= 1) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  return `From: someone@example.com\r\nTo: ${to}\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`;
}

async function customerWithNote() {
  const buyer = `front-${randomUUID().slice(0, 8)}@example.com`;
  await rt.shopify('orders/create', shopifyOrder({ id: String(Date.now()), email: buyer, at: rt.clock.now().toISOString() }));
  await rt.advance('P1D');
  const note = (await rt.outbox()).find((m: { to: string }) => m.to.includes(buyer));
  return { buyer, note: note as { replyTo: string; subject: string } };
}

describe('the HTTP front door', () => {
  it('answers a request line with an unparsable target 400 and stays up', async () => {
    expect(await rawRequest('GET http://[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await health()).toBe(200);
  });

  it('serves an absolute-form target like its path', async () => {
    expect(await rawRequest(`GET ${rt.url}/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers bad percent-encoding in a path 400, on every route', async () => {
    for (const path of ['/webhooks/shopify/%E0%A4%A', '/api/escalations/%ZZ', '/console/escalations/%/ack']) {
      const res = await fetch(`${rt.url}${path}`, { method: path.startsWith('/api') ? 'GET' : 'POST', body: path.startsWith('/api') ? undefined : '{}' });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/percent-encoding/);
    }
    expect(await health()).toBe(200);
  });

  it('refuses a clock move beyond ten years before running anything', async () => {
    const { buyer } = { buyer: `late-${randomUUID().slice(0, 8)}@example.com` };
    await rt.shopify('orders/create', shopifyOrder({ id: String(Date.now() + 1), email: buyer, at: rt.clock.now().toISOString() }));
    const before = rt.clock.now().toISOString();
    for (const move of [{ advance: 'P99999999999D' }, { advance: 'P3651D' }, { to: '9999-12-31T00:00:00Z' }]) {
      const res = await rt.post('/dev/clock', JSON.stringify(move), { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/at most 3650 days/);
    }
    expect(rt.clock.now().toISOString()).toBe(before);
    expect((await rt.outbox()).filter((m: { to: string }) => m.to.includes(buyer))).toHaveLength(0);
    expect(await health()).toBe(200);
  });

  it('answers 413 for a body over the gateway limit, reading no further', async () => {
    const res = await fetch(`${rt.url}/webhooks/shopify`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 32) });
    expect(res.status).toBe(413);
  });
});

describe('the /dev routes', () => {
  const clock = () => rt.clock.now().toISOString();
  const moveFrom = (headers: Record<string, string>) =>
    fetch(`${rt.url}/dev/clock`, { method: 'POST', headers, body: JSON.stringify({ advance: 'PT1H' }) });

  it('answer only loopback host names (DNS rebinding)', async () => {
    const before = clock();
    const moved = await rawRequest(
      'POST /dev/clock HTTP/1.1\r\nHost: evil.example:3000\r\nContent-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{"advance":"P1D"}',
    );
    expect(moved).toMatch(/^HTTP\/1\.1 403 /);
    expect(await rawRequest('GET /dev/outbox HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 403 /);
    expect(clock()).toBe(before);
  });

  it('refuse another site’s page, whatever the body, and take any body from tools that are no browser', async () => {
    const before = clock();
    const host = new URL(rt.url).host;
    expect((await moveFrom({ 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await moveFrom({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Another port of this machine (a dev server's page) is another site too.
    expect((await moveFrom({ 'content-type': 'application/json', 'sec-fetch-site': 'same-site', origin: 'http://localhost:8080' })).status).toBe(403);
    // A cross-site form can send these bodies without a preflight: the browser still names its site.
    expect((await moveFrom({ 'content-type': 'text/plain', origin: 'https://evil.example' })).status).toBe(403);
    expect((await moveFrom({ 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const inbound = await fetch(`${rt.url}/dev/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: 'From: a@b.example\r\n\r\nhi',
    });
    expect(inbound.status).toBe(403);
    expect(clock()).toBe(before);
    // curl -d sends a form type and no Origin: a tool on this machine, not a page.
    const curlLike = await moveFrom({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(curlLike.status).toBe(200);
    expect(clock()).not.toBe(before);
    // The runtime's own pages and tools still can.
    const own = await moveFrom({ 'content-type': 'application/json', origin: `http://${host}` });
    expect(own.status).toBe(200);
  });
});

describe('hostile mail', () => {
  const OUTCOMES = ['reply', 'auto-reply', 'bounce', 'unmatched', 'rejected'];

  it('answers 300-deep MIME nesting on /dev/inbound with a clear outcome, not a failure', async () => {
    const res = await rt.post('/dev/inbound', nested(300, 'reply+abc@in.northwind.example'), { 'content-type': 'message/rfc822' });
    expect([200, 400]).toContain(res.status);
    expect(OUTCOMES).toContain(res.body.outcome);
    expect(await health()).toBe(200);
  });

  it('gives SMTP a final answer for it, never "try again later"', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: rt.smtpPort, secure: false, ignoreTLS: true });
    const answer = await transport
      .sendMail({ envelope: { from: 'someone@example.com', to: ['reply+abc@in.northwind.example'] }, raw: nested(300, 'reply+abc@in.northwind.example') })
      .then((info) => Number(info.response.slice(0, 3)))
      .catch((error: Error & { responseCode?: number }) => error.responseCode);
    expect([250, 554]).toContain(answer);
  });

  it('takes a bounce from the null sender <> over SMTP as a bounce, never as the customer’s reply', async () => {
    const { buyer, note } = await customerWithNote();
    const replyAddress = /<([^>]+)>/.exec(note.replyTo)![1]!;
    const bounce = [
      'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>',
      `To: ${replyAddress}`,
      `Subject: Re: ${note.subject}`,
      '',
      'Your message could not be delivered to one or more recipients.',
      '',
    ].join('\r\n');
    const transport = createTransport({ host: '127.0.0.1', port: rt.smtpPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ envelope: { from: '', to: [replyAddress] }, raw: bounce });
    expect(info.response).toMatch(/^250 /);
    const { profile } = await rt.deps.customers.load(customerKey('northwind', buyer));
    expect(profile?.lastReplyAt ?? null).toBeNull();
  });
});
