/**
 * Section 4: the sweeper and the sender of the local runtime draining due notes into the local
 * SES endpoint, moved there by the virtual clock (scheduler.advanceTo), beside the raw rate of
 * the same engines at the same concurrency: SendRawEmail into a LocalSesEndpoint and UpdateItem
 * into the same DynamoDB Local.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { LocalSesEndpoint, type SentMessage } from '../functions/local/ses/endpoint.ts';
import { batchWriteAll, type Item } from './batch-load.ts';
import { CapacityMeter, type MeterSnapshot } from './capacity.ts';
import { onCleanup } from './cleanup.ts';
import { runConcurrent } from './concurrent.ts';
import { cpuSample, cpuUse, type CpuUse } from './cpu.ts';
import { createPlainTable, startEngine } from './engine.ts';
import { CLOCK_START } from './intake.ts';
import type { Run } from './intake.ts';
import { shopifyDeliveries } from './deliveries.ts';
import { startBenchRuntime, untilPlanned } from './runtime.ts';
import { customers, newRunId, readTemplate, type SeededCustomer } from './send-seed.ts';
import { summarize } from './stats.ts';

const TABLE = 'followup-send';
const RAW_TABLE = 'baseline-updates';
/** The local runtime's sender: one queue batch at a time, its records (SEND_BATCH_SIZE) in flight side by side. */
export const SENDER_CONCURRENCY = 5;
const at = (offsetMs: number) => new Date(Date.parse(CLOCK_START) + offsetMs);

export interface SendingResult {
  notes: number;
  warmupNotes: number;
  loadMs: number;
  /** Time the runtime's planner took over the written orders (0 when planning is synchronous). */
  planMs: number;
  planError?: string;
  loadedItems: number;
  drain: { wallMs: number; sent: number; perSecond: number; deadLetters: number; queueLeft: number; cpu: CpuUse };
  statusSample: Record<string, number>;
  capacity: MeterSnapshot;
  rawMessageBytes: number;
  sesBefore: Run;
  sesAfter: Run;
  updateBefore: Run;
  updateAfter: Run;
}

function toRun(count: number, loop: { wallMs: number; latencies: Float64Array; errors: number; firstError?: string }, cpu: CpuUse): Run {
  return {
    requests: count,
    wallMs: loop.wallMs,
    perSecond: (count / loop.wallMs) * 1000,
    latency: summarize(loop.latencies),
    errors: loop.errors,
    ...(loop.firstError && { firstError: loop.firstError }),
    cpu,
  };
}

/** Bare SendRawEmail calls, the way SesMailer makes them, into an endpoint of their own. */
async function rawSes(sample: SentMessage, count: number): Promise<Run> {
  const endpoint = new LocalSesEndpoint({ now: () => new Date() });
  await endpoint.start();
  const stop = onCleanup('local SES endpoint (baseline)', () => endpoint.stop());
  const client = new SESClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    const data = Buffer.from(sample.raw, 'base64');
    const command = () =>
      new SendRawEmailCommand({
        Source: sample.source,
        Destinations: sample.destinations,
        RawMessage: { Data: data },
        ...(sample.configurationSet && { ConfigurationSetName: sample.configurationSet }),
        Tags: Object.entries(sample.tags).map(([Name, Value]) => ({ Name, Value })),
      });
    for (let i = 0; i < 50; i += 1) await client.send(command());
    const cpu = cpuSample();
    const loop = await runConcurrent(count, SENDER_CONCURRENCY, () => client.send(command()));
    return toRun(count, loop, cpuUse(cpu));
  } finally {
    client.destroy();
    await stop();
  }
}

/** Bare UpdateItem calls on note-sized items: a status and a timestamp, no condition. */
async function rawUpdates(client: DynamoDBClient, count: number, tag: string): Promise<Run> {
  const cpu = cpuSample();
  const loop = await runConcurrent(count, SENDER_CONCURRENCY, (i) =>
    client.send(
      new UpdateItemCommand({
        TableName: RAW_TABLE,
        Key: { pk: { S: `R#${i}` }, sk: { S: 'N#raw' } },
        UpdateExpression: 'SET #status = :s, sentAt = :t',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': { S: `sent-${tag}` }, ':t': { S: new Date().toISOString() } },
      }),
    ),
  );
  return toRun(count, loop, cpuUse(cpu));
}

export async function benchSending(options: { notes: number; warmupNotes: number; rawCalls: number; log: (line: string) => void }): Promise<SendingResult> {
  const { log } = options;
  const engine = await startEngine('sending');
  try {
    const { runtime, config, stop } = await startBenchRuntime({ endpoint: engine.endpoint, tableName: TABLE, clockStart: CLOCK_START });
    try {
      const meter = new CapacityMeter();
      // Every function's client and the runtime's own: each command passes through one of them.
    for (const client of runtime.clients('dynamodb')) meter.attach(client as never);
      const store = config.stores[0]!;

      // One real webhook: its stored items are the template of every customer below.
      const [delivery] = shopifyDeliveries({ count: 1, runId: 'template', at: CLOCK_START, secret: config.localSecrets['northwind/shopify']!, firstOrderId: 6_900_000_000_000 });
      const answer = await fetch(`${runtime.url}${delivery!.path}`, { method: 'POST', headers: delivery!.headers, body: delivery!.body });
      if (answer.status !== 200) throw new Error(`template webhook answered ${answer.status}: ${await answer.text()}`);
      await untilPlanned(runtime);
      const template = await readTemplate(engine.client, TABLE, store.id, delivery!.orderId, delivery!.email);

      const runId = newRunId();
      const seeded: SeededCustomer[] = [];
      const warmDue = at(30_000).toISOString();
      const due = at(60_000).toISOString();
      const plannedAt = at(-3_600_000).toISOString();
      log(`  writing ${options.warmupNotes + options.notes} customers (profile, order, note) with BatchWriteItem`);
      const loaded = await batchWriteAll(engine.client, TABLE, (function* () {
        yield* customers(template, { storeId: store.id, runId, from: 0, count: options.warmupNotes, dueAt: warmDue, plannedAt }, seeded);
        yield* customers(template, { storeId: store.id, runId, from: options.warmupNotes, count: options.notes, dueAt: due, plannedAt }, seeded);
      })());
      // Where planning runs off the table's stream, the planner reads every order written above;
      // that happens here, before anything is measured.
      const planned = await untilPlanned(runtime);
      // The stores must read these items as they read their own.
      const check = await runtime.parts.customers.load(seeded[0]!.customerKey);
      if (!check.profile || check.notes.length !== 1) throw new Error('a written customer does not read back through the customer store');

      await createPlainTable(engine.client, RAW_TABLE);
      const rawItems: Item[] = Array.from({ length: options.rawCalls }, (_, i) => ({
        ...(structuredClone(template.profile) as Item),
        pk: { S: `R#${i}` },
        sk: { S: 'N#raw' },
      }));
      await batchWriteAll(engine.client, RAW_TABLE, rawItems);

      log(`  warming up: sending ${options.warmupNotes} notes`);
      await runtime.scheduler.advanceTo(at(45_000));
      const last = runtime.ses.outbox.list().at(-1);
      const sample = last && (await runtime.ses.outbox.get(last.id));
      if (!sample) throw new Error('the warm-up sent nothing');
      await rawUpdates(engine.client, options.rawCalls, 'warmup');

      log(`  baselines: ${options.rawCalls} SendRawEmail and ${options.rawCalls} UpdateItem calls`);
      const sesBefore = await rawSes(sample, options.rawCalls);
      const updateBefore = await rawUpdates(engine.client, options.rawCalls, 'before');

      log(`  draining ${options.notes} due notes (virtual clock past their due time)`);
      const outboxBefore = runtime.ses.outbox.size;
      meter.reset();
      const cpu = cpuSample();
      await runtime.scheduler.advanceTo(at(120_000));
      const drainCpu = cpuUse(cpu);
      const capacity = meter.snapshot();
      const sent = runtime.ses.outbox.size - outboxBefore;

      log(`  baselines again`);
      const sesAfter = await rawSes(sample, options.rawCalls);
      const updateAfter = await rawUpdates(engine.client, options.rawCalls, 'after');

      // A sample of the measured notes, read back: every one should be `sent`.
      const statusSample: Record<string, number> = {};
      const measured = seeded.slice(options.warmupNotes);
      const step = Math.max(1, Math.floor(measured.length / 100));
      for (let i = 0; i < measured.length; i += step) {
        const note = await runtime.parts.notes.get({ customerKey: measured[i]!.customerKey, noteId: measured[i]!.noteId });
        const status = note?.status ?? 'missing';
        statusSample[status] = (statusSample[status] ?? 0) + 1;
      }

      return {
        notes: options.notes,
        warmupNotes: options.warmupNotes,
        loadMs: loaded.wallMs,
        planMs: planned.ms,
        ...(planned.error && { planError: planned.error }),
        loadedItems: loaded.items,
        drain: {
          wallMs: drainCpu.wallMs,
          sent,
          perSecond: (sent / drainCpu.wallMs) * 1000,
          deadLetters: runtime.queue.deadLetters.length,
          queueLeft: runtime.queue.size,
          cpu: drainCpu,
        },
        statusSample,
        capacity,
        rawMessageBytes: Buffer.from(sample.raw, 'base64').length,
        sesBefore,
        sesAfter,
        updateBefore,
        updateAfter,
      };
    } finally {
      await stop();
    }
  } finally {
    await engine.stop();
  }
}
