/**
 * Sections 1 and 2: signed Shopify orders/create webhooks through the local runtime's HTTP
 * server into DynamoDB Local, beside raw PutItem calls into the same engine; then the same
 * deliveries again, which must all be duplicates and change nothing. The runtime's DynamoDB
 * client is metered throughout (capacity.ts).
 */
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../functions/local/runtime.ts';
import { CapacityMeter, type MeterSnapshot } from './capacity.ts';
import { cpuSample, cpuUse, type CpuUse } from './cpu.ts';
import { runConcurrent, type LoopResult } from './concurrent.ts';
import { shopifyDeliveries, type Delivery } from './deliveries.ts';
import { createTable } from '../functions/local/create-table.ts';
import { startEngine } from './engine.ts';
import { HttpLoad, type RunReply } from './http-load.ts';
import { startBenchRuntime, untilPlanned } from './runtime.ts';
import { summarize, type Summary } from './stats.ts';
import { tableState, type TableState } from './table-scan.ts';

/** Monday 2026-11-23, 10:00 in New York: inside the default store's send window. */
export const CLOCK_START = '2026-11-23T15:00:00.000Z';
const INTAKE_TABLE = 'followup-intake';
const BASELINE_TABLE = 'baseline-puts';

export interface IntakeOptions {
  deliveries: number;
  warmup: number;
  /** PutItem calls before the first baseline: the JVM compiles as it goes. */
  baselineWarmup: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface Run {
  requests: number;
  wallMs: number;
  perSecond: number;
  latency: Summary;
  errors: number;
  firstError?: string;
  outcomes?: Record<string, number>;
  cpu?: CpuUse;
  /** DynamoDB work still going on after the last answer, until it stopped (ms). */
  settleMs?: number;
  /** Set when the runtime's planner failed while the run was being settled. */
  planError?: string;
  /** Planning held back during the run: the webhook path alone, as deployed (planning runs in its own function). */
  planningPaused?: boolean;
}

export interface IntakeResult {
  concurrency: number;
  bodyBytes: Summary;
  intake: Run;
  baselineBefore: Run & { unitsPerPut: number };
  baselineAfter: Run & { unitsPerPut: number };
  replay: Run;
  tableBeforeReplay: TableState;
  tableAfterReplay: TableState;
  capacityIntake: MeterSnapshot;
  capacityReplay: MeterSnapshot;
}

/** Runs the load generator over requests[from, to) and notes the CPU it took. */
async function http(
  load: HttpLoad,
  meter: CapacityMeter,
  runtime: Runtime,
  from: number,
  to: number,
  concurrency: number,
  options: { pausePlanning?: boolean } = {},
): Promise<Run> {
  if (options.pausePlanning) runtime.planning.pause();
  const cpu = cpuSample();
  const reply = await load.run(runtime.url, from, to, concurrency);
  const used = cpuUse(cpu);
  runtime.planning.resume();
  const start = performance.now();
  const planned = await untilPlanned(runtime);
  await meter.settle();
  return {
    ...fromReply(reply),
    cpu: used,
    settleMs: performance.now() - start,
    ...(options.pausePlanning && { planningPaused: true }),
    ...(planned.error && { planError: planned.error }),
  };
}

function fromReply(reply: RunReply): Run {
  const requests = reply.latencies.length;
  return {
    requests,
    wallMs: reply.wallMs,
    perSecond: (requests / reply.wallMs) * 1000,
    latency: summarize(reply.latencies),
    errors: reply.errors,
    ...(reply.firstError && { firstError: reply.firstError }),
    outcomes: reply.outcomes,
  };
}

function fromLoop(loop: LoopResult): Run {
  return {
    requests: loop.latencies.length,
    wallMs: loop.wallMs,
    perSecond: (loop.latencies.length / loop.wallMs) * 1000,
    latency: summarize(loop.latencies),
    errors: loop.errors,
    ...(loop.firstError && { firstError: loop.firstError }),
  };
}

/** Unconditional PutItem of an item holding the delivery's body: the engine's plain write rate. */
async function putBaseline(client: DynamoDBClient, deliveries: Delivery[], tag: string, concurrency: number) {
  let units = 0;
  const cpu = cpuSample();
  const loop = await runConcurrent(deliveries.length, concurrency, async (i) => {
    const out = await client.send(
      new PutItemCommand({
        TableName: BASELINE_TABLE,
        Item: { pk: { S: `B#${tag}#${i}` }, sk: { S: 'B' }, body: { S: deliveries[i]!.body } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    units += out.ConsumedCapacity?.CapacityUnits ?? 0;
  });
  return { ...fromLoop(loop), cpu: cpuUse(cpu), unitsPerPut: units / deliveries.length };
}

export async function benchIntake(options: IntakeOptions): Promise<IntakeResult> {
  const { log, concurrency } = options;
  const engine = await startEngine('intake');
  try {
    const { runtime, config, stop } = await startBenchRuntime({ endpoint: engine.endpoint, tableName: INTAKE_TABLE, clockStart: CLOCK_START });
    const meter = new CapacityMeter();
    // Every function's client and the runtime's own: each command passes through one of them.
    for (const client of runtime.clients('dynamodb')) meter.attach(client as never);
    // The same table set-up as the pipeline's (keys, due index, stream): the engine's own cost of a
    // write to such a table is the baseline, not ours.
    await createTable(engine.client, BASELINE_TABLE);

    const total = options.warmup + options.deliveries;
    const deliveries = shopifyDeliveries({
      count: total,
      runId: randomUUID().slice(0, 8),
      at: CLOCK_START,
      secret: config.localSecrets['northwind/shopify']!,
      firstOrderId: 5_100_000_000_000,
    });
    const measured = deliveries.slice(options.warmup);
    const load = await HttpLoad.start(deliveries);
    try {
      log(`  warming up: ${options.warmup} webhooks and ${options.baselineWarmup} PutItem calls`);
      await load.run(runtime.url, 0, options.warmup, concurrency);
      await untilPlanned(runtime);
      await meter.settle();
      const warmupPuts = Array.from({ length: options.baselineWarmup }, (_, i) => deliveries[i % deliveries.length]!);
      await putBaseline(engine.client, warmupPuts, 'warmup', concurrency);

      log(`  baseline: ${measured.length} PutItem calls`);
      const baselineBefore = await putBaseline(engine.client, measured, 'before', concurrency);
      log(`  intake: ${measured.length} webhooks`);
      meter.reset();
      // Planning runs in its own function in AWS; here it shares two cores, so it waits until the
      // run is over and its catch-up time is reported beside it.
      const intake = await http(load, meter, runtime, options.warmup, total, concurrency, { pausePlanning: true });
      const capacityIntake = meter.snapshot();
      log(`  baseline again: ${measured.length} PutItem calls`);
      const baselineAfter = await putBaseline(engine.client, measured, 'after', concurrency);

      log('  replaying the same deliveries');
      const tableBeforeReplay = await tableState(engine.client, INTAKE_TABLE);
      meter.reset();
      const replay = await http(load, meter, runtime, options.warmup, total, concurrency);
      const capacityReplay = meter.snapshot();
      const tableAfterReplay = await tableState(engine.client, INTAKE_TABLE);

      return {
        concurrency,
        bodyBytes: summarize(measured.map((d) => Buffer.byteLength(d.body))),
        intake,
        baselineBefore,
        baselineAfter,
        replay,
        tableBeforeReplay,
        tableAfterReplay,
        capacityIntake,
        capacityReplay,
      };
    } finally {
      await load.stop();
      await stop();
    }
  } finally {
    await engine.stop();
  }
}
