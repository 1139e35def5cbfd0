/**
 * Section 9, what the bill is made of: a month in miniature through the local runtime (every
 * function built from its declaration, as deployed), counted as AWS would bill it. Orders come
 * in as signed webhooks (a paid order, then its delivery, one in twenty delivered twice); the
 * virtual clock moves three weeks so every note due goes out; one customer in twenty answers
 * (one answer in five a complaint, which sends a notice). For each phase: invocations per
 * function, DynamoDB units as DynamoDB Local reports them, calls per service, bytes logged, mail
 * sent. bill-model.ts prices them.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionName } from '../functions/shared/functions.ts';
import type { AwsService } from '../functions/shared/parts/part.ts';
import type { Runtime } from '../functions/local/runtime.ts';
import { shopifyFulfillment, shopifyOrder } from '../tests/support/purchases.ts';
import { shopifyHeaders } from '../tests/support/sign-webhook.ts';
import { CapacityMeter } from './capacity.ts';
import { runConcurrent } from './concurrent.ts';
import { startEngine } from './engine.ts';
import { startBenchRuntime } from './runtime.ts';

const CLOCK_START = '2026-11-23T15:00:00.000Z';
const DUPLICATE_EVERY = 20;
const REPLY_EVERY = 20;
const COMPLAINT_EVERY = 5;

export type Owner = FunctionName | 'runtime';

/** What one phase used, in counts. */
export interface PhaseUsage {
  invocations: Partial<Record<FunctionName, number>>;
  /** Records the invocations carried (queue messages, stream records): one invocation each at a store's volumes. */
  records: Partial<Record<FunctionName, number>>;
  /** Local wall time of the handlers (not Lambda's; shown, never billed). */
  localMs: Partial<Record<FunctionName, number>>;
  /** Owner → service → SDK command → calls. */
  calls: Partial<Record<Owner, Partial<Record<AwsService, Record<string, number>>>>>;
  /** Owner → units (failed conditional writes estimated, as DynamoDB bills them). */
  units: Partial<Record<Owner, { read: number; write: number }>>;
  /** Bytes of the functions' own log lines. */
  logBytes: Partial<Record<FunctionName, number>>;
  httpRequests: number;
  emails: number;
  /** SES events published (each an SNS message to ses-events). */
  sesEvents: number;
  inboundMails: number;
  inboundBytes: number;
}

export interface BillMeasurement {
  orders: number;
  phases: { orders: PhaseUsage; emails: PhaseUsage; replies: PhaseUsage };
  emailsSent: number;
  replies: number;
  complaints: number;
}

function empty(): PhaseUsage {
  return { invocations: {}, records: {}, localMs: {}, calls: {}, units: {}, logBytes: {}, httpRequests: 0, emails: 0, sesEvents: 0, inboundMails: 0, inboundBytes: 0 };
}

/** Everything counted so far; phases are differences of two of these. */
class Counter {
  readonly usage = empty();
  readonly meters = new Map<Owner, CapacityMeter>();

  invoked(fn: FunctionName, ms: number, records: number): void {
    this.usage.invocations[fn] = (this.usage.invocations[fn] ?? 0) + 1;
    this.usage.records[fn] = (this.usage.records[fn] ?? 0) + records;
    this.usage.localMs[fn] = (this.usage.localMs[fn] ?? 0) + ms;
  }

  logged(line: string): void {
    const fn = /"function":"([a-z-]+)"/.exec(line)?.[1] as FunctionName | undefined;
    if (fn) this.usage.logBytes[fn] = (this.usage.logBytes[fn] ?? 0) + Buffer.byteLength(line) + 1;
  }

  /** Counts every command of each client, and meters DynamoDB's units per owner. */
  watch(runtime: Runtime): void {
    for (const { owner, service, client } of runtime.clientRecords) {
      client.middlewareStack.add(
        ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          const byService = (this.usage.calls[owner] ??= {});
          const byCommand = (byService[service] ??= {});
          const command = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
          byCommand[command] = (byCommand[command] ?? 0) + 1;
          return next(args);
        }) as never,
        { step: 'initialize', name: 'billCallCounter' } as never,
      );
      if (service === 'dynamodb') {
        const meter = this.meters.get(owner) ?? new CapacityMeter();
        meter.attach(client as never);
        this.meters.set(owner, meter);
      }
    }
  }

  snapshot(): PhaseUsage {
    const units: PhaseUsage['units'] = {};
    for (const [owner, meter] of this.meters) {
      const totals = { read: 0, write: 0 };
      for (const c of Object.values(meter.snapshot().categories)) {
        if (c.kind === 'read') totals.read += c.tableUnits + c.indexUnits;
        else totals.write += c.tableUnits + c.indexUnits + c.failedEstimate;
      }
      units[owner] = totals;
    }
    return structuredClone({ ...this.usage, units });
  }

  async settle(): Promise<void> {
    for (const meter of this.meters.values()) await meter.settle(200);
  }
}

function minus(after: PhaseUsage, before: PhaseUsage): PhaseUsage {
  const sub = <T extends Record<string, number | undefined>>(a: T, b: T) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, (v ?? 0) - (b[k] ?? 0)]).filter(([, v]) => v !== 0)) as T;
  const calls: PhaseUsage['calls'] = {};
  for (const [owner, services] of Object.entries(after.calls) as Array<[Owner, Partial<Record<AwsService, Record<string, number>>>]>) {
    for (const [service, commands] of Object.entries(services) as Array<[AwsService, Record<string, number>]>) {
      const diff = sub(commands, before.calls[owner]?.[service] ?? {});
      if (Object.keys(diff).length) ((calls[owner] ??= {})[service] = diff);
    }
  }
  const units: PhaseUsage['units'] = {};
  for (const [owner, u] of Object.entries(after.units) as Array<[Owner, { read: number; write: number }]>) {
    const b = before.units[owner] ?? { read: 0, write: 0 };
    units[owner] = { read: u.read - b.read, write: u.write - b.write };
  }
  return {
    invocations: sub(after.invocations, before.invocations),
    records: sub(after.records, before.records),
    localMs: sub(after.localMs, before.localMs),
    calls,
    units,
    logBytes: sub(after.logBytes, before.logBytes),
    httpRequests: after.httpRequests - before.httpRequests,
    emails: after.emails - before.emails,
    sesEvents: after.sesEvents - before.sesEvents,
    inboundMails: after.inboundMails - before.inboundMails,
    inboundBytes: after.inboundBytes - before.inboundBytes,
  };
}

export async function measureBill(options: { orders: number; log: (line: string) => void }): Promise<BillMeasurement> {
  const engine = await startEngine('bill');
  const counter = new Counter();
  try {
    const { runtime, config, stop } = await startBenchRuntime({
      endpoint: engine.endpoint,
      tableName: 'followup-bill',
      clockStart: CLOCK_START,
      logLevel: 'info',
      log: (line) => counter.logged(line),
      onInvoke: (fn, ms, _failed, records) => counter.invoked(fn, ms, records),
    });
    try {
      counter.watch(runtime);
      runtime.ses.onSent(() => {
        counter.usage.emails += 1;
        counter.usage.sesEvents += 1;
      });
      runtime.ses.onBounce(() => void (counter.usage.sesEvents += 1));
      runtime.ses.onComplaint(() => void (counter.usage.sesEvents += 1));
      const secret = config.localSecrets['northwind/shopify']!;
      const runId = randomUUID().slice(0, 8);
      const buyers = Array.from({ length: options.orders }, (_, i) => ({ email: `bill-${runId}-${i}@example.com`, orderId: String(8_800_000_000 + i) }));
      const post = async (topic: string, payload: unknown, webhookId: string) => {
        const body = JSON.stringify(payload);
        const res = await fetch(`${runtime.url}/webhooks/shopify`, { method: 'POST', headers: shopifyHeaders(topic, body, secret, { webhookId }), body });
        counter.usage.httpRequests += 1;
        if (res.status !== 200) throw new Error(`${topic} answered ${res.status}: ${await res.text()}`);
      };

      // 1. Orders: a paid order, then its delivery; one delivery in twenty arrives twice.
      const start = counter.snapshot();
      const deliver = async (topic: string, payload: unknown, i: number) => {
        const id = randomUUID();
        await post(topic, payload, id);
        if (i % DUPLICATE_EVERY === 0) await post(topic, payload, id);
      };
      const at = runtime.clock.now().toISOString();
      await runConcurrent(buyers.length, 8, (i) => deliver('orders/create', shopifyOrder({ id: buyers[i]!.orderId, email: buyers[i]!.email, at }), i));
      await runtime.planned();
      await runConcurrent(buyers.length, 8, (i) =>
        deliver('fulfillments/create', shopifyFulfillment({ orderId: buyers[i]!.orderId, at, shipmentStatus: 'delivered' }), i),
      );
      await runtime.planned();
      await counter.settle();
      const afterOrders = counter.snapshot();
      options.log(`  ${buyers.length} orders in: ${afterOrders.httpRequests} webhooks`);

      // 2. Three weeks: every note that falls due goes out.
      await runtime.scheduler.advanceTo(new Date(Date.parse(at) + 21 * 86_400_000));
      await counter.settle();
      const afterEmails = counter.snapshot();
      options.log(`  ${afterEmails.emails} notes sent`);

      // 3. One customer in twenty answers the last note they got; one answer in five is a complaint.
      let replies = 0;
      let complaints = 0;
      const sent = await runtime.ses.list();
      for (let i = 0; i < buyers.length; i += REPLY_EVERY) {
        const note = sent.filter((m) => m.to.includes(buyers[i]!.email)).at(-1);
        if (!note) continue;
        const to = /<([^>]+)>/.exec(String(note.replyTo))![1]!;
        const complaint = replies % COMPLAINT_EVERY === 0;
        const words = complaint ? 'The lamp arrived with a cracked shade. What can you do?' : 'Thank you, it is lovely and arrived quickly.';
        const raw = Buffer.from([`From: <${buyers[i]!.email}>`, `To: ${to}`, `Subject: Re: ${note.subject}`, `Message-ID: <${randomUUID()}@example.com>`, '', words, '', '> Is everything OK?', ''].join('\r\n'));
        await runtime.receive(raw, [to]);
        counter.usage.inboundMails += 1;
        counter.usage.inboundBytes += raw.length;
        replies += 1;
        if (complaint) complaints += 1;
      }
      await counter.settle();
      const afterReplies = counter.snapshot();
      options.log(`  ${replies} replies (${complaints} complaints)`);

      return {
        orders: buyers.length,
        phases: { orders: minus(afterOrders, start), emails: minus(afterEmails, afterOrders), replies: minus(afterReplies, afterEmails) },
        emailsSent: afterEmails.emails - afterOrders.emails,
        replies,
        complaints,
      };
    } finally {
      await stop();
    }
  } finally {
    await engine.stop();
  }
}
