/**
 * Section 8: a day of due notes through the local runtime's clock. The same number of notes is
 * drained twice, each time in a runtime and table of its own on one DynamoDB Local: once all due
 * at the same moment (the shape section 4 measures: the sender's rate), once due at their own
 * second spread over the rest of the working day and moved through with one `advanceTo` of a day (what
 * `POST /dev/clock {"advance": "P1D"}` does). The figure is the ratio of the two rates.
 */
import { batchWriteAll } from './batch-load.ts';
import { cpuSample, cpuUse, type CpuUse } from './cpu.ts';
import { shopifyDeliveries } from './deliveries.ts';
import { startEngine, type Engine } from './engine.ts';
import { CLOCK_START } from './intake.ts';
import { startBenchRuntime, untilPlanned } from './runtime.ts';
import { customers, newRunId, readTemplate, type SeededCustomer } from './send-seed.ts';

const DAY_MS = 86_400_000;
/** 10:00 to 17:00 in the store's zone. */
const WORKING_DAY_MS = 7 * 3_600_000;
const at = (offsetMs: number) => new Date(Date.parse(CLOCK_START) + offsetMs);

export interface DrainRun {
  shape: 'same moment' | 'spread over a day';
  notes: number;
  sent: number;
  wallMs: number;
  perSecond: number;
  /** Distinct due times among the notes. */
  dueTimes: number;
  /** Sent messages whose sentAt is exactly the due time of their note. */
  onTime: number;
  deadLetters: number;
  /** The state of each note that did not go out, with its reason. */
  unsent: string[];
  cpu: CpuUse;
}

export interface DayAdvanceResult {
  notes: number;
  sameMoment: DrainRun;
  spread: DrainRun;
}

/**
 * Due times over the rest of the store's working day (the clock starts at 10:00 in New York; the
 * send window closes at 17:00), each at its own second, in a stable order: as planned notes are.
 */
function spreadDueTimes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const offset = 60_000 + Math.floor((((i * 7919) % count) / count) * (WORKING_DAY_MS - 120_000) / 1000) * 1000;
    return at(offset).toISOString();
  });
}

async function drain(shape: DrainRun['shape'], count: number, log: (line: string) => void): Promise<DrainRun> {
  // An engine per run: a second stream-enabled table on one engine disturbs the stream reader.
  const engine = await startEngine(`day, ${shape}`);
  try {
    return await drainOn(engine, shape, count, log);
  } finally {
    await engine.stop();
  }
}

async function drainOn(engine: Engine, shape: DrainRun['shape'], count: number, log: (line: string) => void): Promise<DrainRun> {
  const tableName = `followup-day-${shape === 'same moment' ? 'same' : 'spread'}`;
  const { runtime, config, stop } = await startBenchRuntime({ endpoint: engine.endpoint, tableName, clockStart: CLOCK_START });
  try {
    const store = config.stores[0]!;
    const [delivery] = shopifyDeliveries({ count: 1, runId: `day-${shape.length}`, at: CLOCK_START, secret: config.localSecrets['northwind/shopify']!, firstOrderId: 6_800_000_000_000 });
    const answer = await fetch(`${runtime.url}${delivery!.path}`, { method: 'POST', headers: delivery!.headers, body: delivery!.body });
    if (answer.status !== 200) throw new Error(`template webhook answered ${answer.status}: ${await answer.text()}`);
    await untilPlanned(runtime);
    const template = await readTemplate(engine.client, tableName, store.id, delivery!.orderId, delivery!.email);

    const runId = newRunId();
    const plannedAt = at(-3_600_000).toISOString();
    const dues = shape === 'same moment' ? Array.from({ length: count }, () => at(60_000).toISOString()) : spreadDueTimes(count);
    const seeded: SeededCustomer[] = [];
    const items = (function* () {
      for (let i = 0; i < count; i += 1) yield* customers(template, { storeId: store.id, runId, from: i, count: 1, dueAt: dues[i]!, plannedAt }, seeded);
    })();
    log(`  ${shape}: writing ${count} customers`);
    await batchWriteAll(engine.client, tableName, items);
    await untilPlanned(runtime);

    const before = (await runtime.ses.list()).length;
    log(`  ${shape}: advancing the clock one day`);
    const cpu = cpuSample();
    await runtime.scheduler.advanceTo(at(DAY_MS));
    const used = cpuUse(cpu);
    const dueOf = new Map(seeded.map((c, i) => [c.noteId, dues[i]!]));
    // The template customer's own note falls due in the day too; only the seeded ones count.
    const sent = (await runtime.ses.list()).slice(before).filter((m) => dueOf.has(m.tags.noteId ?? ''));
    const onTime = sent.filter((m) => m.sentAt === dueOf.get(m.tags.noteId ?? '')).length;
    // A note that did not go out says why (a send whose outcome is unknown waits for a person).
    const unsent = await Promise.all(seeded.filter((c) => !sent.some((m) => m.tags.noteId === c.noteId)).map((c) => runtime.deps.notes.get(c)));
    return {
      shape,
      notes: count,
      sent: sent.length,
      wallMs: used.wallMs,
      perSecond: (sent.length / used.wallMs) * 1000,
      dueTimes: new Set(dues).size,
      onTime,
      deadLetters: runtime.queue.deadLetters.length,
      unsent: unsent.map((n) => `${n?.status ?? 'missing'}${n?.reason ? ` (${n.reason})` : ''}`),
      cpu: used,
    };
  } finally {
    await stop();
  }
}

export async function benchDayAdvance(options: { notes: number; log: (line: string) => void }): Promise<DayAdvanceResult> {
  const sameMoment = await drain('same moment', options.notes, options.log);
  const spread = await drain('spread over a day', options.notes, options.log);
  return { notes: options.notes, sameMoment, spread };
}
