/**
 * Helpers for tests of replies and the people who answer them: a customer with a sent note, a
 * reply to it (raw MIME through /dev/inbound, or real SMTP), the operator API, the outbox.
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { shopifyFulfillment, shopifyOrder } from './purchases.ts';
import type { TestRuntime } from './runtime.ts';

export interface Sent {
  id: string;
  messageId: string;
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  sentAt: string;
}

let counter = 0;

export const address = (header: string) => /<([^>]+)>/.exec(header)?.[1] ?? header;

export const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

export async function mailTo(rt: TestRuntime, to: string): Promise<Sent[]> {
  return ((await rt.outbox()) as Sent[]).filter((m) => m.to.toLowerCase().includes(to.toLowerCase()));
}

/** A customer whose thank-you went out; `delivered` also plans their check-in. */
export async function customerWithNote(
  rt: TestRuntime,
  tag: string,
  options: { store?: string; firstName?: string; locale?: string; delivered?: boolean; buyer?: string; address?: { country: string; city?: string } } = {},
): Promise<{ buyer: string; orderId: string; note: Sent }> {
  const buyer = options.buyer ?? email(tag);
  const orderId = String(7_300_000 + ++counter + Math.floor(Math.random() * 100_000) * 100);
  const at = rt.clock.now().toISOString();
  const store = options.store ? { store: options.store } : {};
  await rt.shopify(
    'orders/create',
    shopifyOrder({
      id: orderId,
      email: buyer,
      firstName: options.firstName ?? 'Ada',
      at,
      name: `#${orderId.slice(-5)}`,
      ...(options.locale && { locale: options.locale }),
      ...(options.address && { address: options.address }),
    }),
    store,
  );
  if (options.delivered) {
    await rt.shopify('fulfillments/update', shopifyFulfillment({ orderId, at, shipmentStatus: 'delivered' }), store);
  }
  const before = (await mailTo(rt, buyer)).length;
  for (let day = 0; day < 7 && (await mailTo(rt, buyer)).length === before; day += 1) await rt.advance('P1D');
  const note = (await mailTo(rt, buyer)).at(-1)!;
  return { buyer, orderId, note };
}

/** Several customers at once, their orders placed together: one move of the clock sends every note. */
export interface CustomerWithNote {
  buyer: string;
  orderId: string;
  note: Sent;
}

export async function customersWithNotes<const T extends readonly string[]>(rt: TestRuntime, tags: T): Promise<{ [K in keyof T]: CustomerWithNote }> {
  const at = rt.clock.now().toISOString();
  const placed: Array<{ buyer: string; orderId: string }> = [];
  for (const tag of tags) {
    const buyer = email(tag);
    const orderId = String(7_300_000 + ++counter + Math.floor(Math.random() * 100_000) * 100);
    await rt.shopify('orders/create', shopifyOrder({ id: orderId, email: buyer, firstName: 'Ada', at, name: `#${orderId.slice(-5)}` }));
    placed.push({ buyer, orderId });
  }
  const sentTo = async () => Promise.all(placed.map(async (p) => (await mailTo(rt, p.buyer)).at(-1)));
  for (let day = 0; day < 7 && (await sentTo()).some((m) => !m); day += 1) await rt.advance('P1D');
  const notes = await sentTo();
  return placed.map((p, i) => ({ ...p, note: notes[i]! })) as { [K in keyof T]: CustomerWithNote };
}

export function rawReply(input: { from: string; fromName?: string; to: string; subject: string; inReplyTo?: string; text: string; messageId?: string; quote?: string[] }): string {
  return [
    `From: ${input.fromName ?? 'Ada Lovelace'} <${input.from}>`,
    `To: ${input.to}`,
    `Subject: ${input.subject}`,
    ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`, `References: ${input.inReplyTo}`] : []),
    `Message-ID: ${input.messageId ?? `<${randomUUID()}@mail.example.com>`}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.text,
    '',
    ...(input.quote ?? ['On Monday, Sarah wrote:', '> Is everything OK?']),
    '',
  ].join('\r\n');
}

/** The customer (or anyone, with `from`) answers a mail through /dev/inbound. */
export function replyTo(rt: TestRuntime, mail: Pick<Sent, 'replyTo' | 'subject' | 'messageId'>, from: string, text: string, messageId?: string) {
  const raw = rawReply({ from, to: address(mail.replyTo), subject: `Re: ${mail.subject}`, inReplyTo: mail.messageId, text, ...(messageId && { messageId }) });
  return rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });
}

/** Someone answers a mail from their own mail client, over real SMTP. */
export async function answerBySmtp(rt: TestRuntime, mail: Pick<Sent, 'replyTo' | 'subject' | 'messageId' | 'text'>, from: string, text: string): Promise<void> {
  const smtp = createTransport({ host: '127.0.0.1', port: rt.smtpPort, secure: false, ignoreTLS: true });
  try {
    await smtp.sendMail({
      from,
      to: address(mail.replyTo),
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: mail.messageId,
      text: `${text}\n\nOn Mon, 23 Nov 2026 at 10:00, Northwind Home follow-ups wrote:\n${mail.text
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}\n`,
    });
  } finally {
    smtp.close();
  }
}

export async function api(rt: TestRuntime, method: 'GET' | 'POST', path: string, body?: unknown, token = rt.operatorToken) {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
