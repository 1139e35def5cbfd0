/**
 * Section 5: the sweeper's due query, `findDue(now)` over the 16 shards of the due index, as
 * the backlog of notes due later grows. A fixed batch is due now; everything else is due in the
 * next 60 days. Each step adds backlog with parallel BatchWriteItem, then times findDue.
 */
import { expiryPolicy } from '../functions/core/domain/retention.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { noteId } from '../functions/core/domain/keys.ts';
import type { Note } from '../functions/core/domain/note.ts';
import { noteItem } from '../functions/adapters/dynamodb/items.ts';
import { DynamoNoteStore } from '../functions/adapters/dynamodb/note-store.ts';
import { createTable } from '../functions/local/create-table.ts';
import { localDynamoDbClient } from '../functions/local/dynamodb-local.ts';
import { batchWriteAll, type Item } from './batch-load.ts';
import { CapacityMeter, sumUnits } from './capacity.ts';
import { startEngine } from './engine.ts';
import { CLOCK_START } from './intake.ts';
import { summarize, type Summary } from './stats.ts';

const TABLE = 'followup-due';
const DAY_MS = 86_400_000;
/** The sweeper's own limit per sweep (sweep-due.ts). */
const SWEEP_LIMIT = 5_000;
/** Calls before the timed ones at each step: the JVM compiles the query path on the first ones. */
export const WARMUP_CALLS = 20;

export interface DueStep {
  backlog: number;
  loadMs: number;
  loaded: number;
  found: number;
  time: Summary;
  readUnits: number;
  queries: number;
}

export interface DueQueryResult {
  dueNow: number;
  runs: number;
  steps: DueStep[];
}

/** A planned thank-you note as the planner makes it; items as noteItem() stores them. */
function note(index: number, dueAt: string): Item {
  const ref = `shopify:${8_000_000_000_000 + index}`;
  const n: Note = {
    customerKey: `bench${String(index).padStart(15, '0')}`,
    noteId: noteId(ref, 'thank-you'),
    storeId: 'northwind',
    stage: 'thank-you',
    orders: { [ref]: dueAt },
    status: 'scheduled',
    dueAt,
    plannedAt: CLOCK_START,
    attempts: 0,
    version: 1,
  };
  return marshall(noteItem(n), { removeUndefinedValues: true }) as Item;
}

function* notes(from: number, count: number, dueAt: (i: number) => string): Generator<Item> {
  for (let i = from; i < from + count; i += 1) yield note(i, dueAt(i));
}

export async function benchDueQuery(options: { backlog: number[]; dueNow: number; runs: number; log: (line: string) => void }): Promise<DueQueryResult> {
  const { log } = options;
  const now = new Date(CLOCK_START);
  const engine = await startEngine('due query');
  const client = localDynamoDbClient(engine.endpoint);
  try {
    await createTable(engine.client, TABLE);
    const meter = new CapacityMeter();
    // The document client the functions build (same marshalling options).
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } });
    meter.attach(db);
    const store = new DynamoNoteStore(db, TABLE, expiryPolicy([], { now: () => now }));

    // Due now: spread over the last hour. Later: spread over the next 60 days, from a minute on.
    const past = (i: number) => new Date(now.getTime() - 1_000 - ((i * 7_919) % 3_600_000)).toISOString();
    const future = (i: number) => new Date(now.getTime() + 60_000 + ((i * 104_729) % (60 * DAY_MS))).toISOString();
    await batchWriteAll(engine.client, TABLE, notes(0, options.dueNow, past));

    const steps: DueStep[] = [];
    let loadedBacklog = 0;
    for (const target of options.backlog) {
      const add = target - loadedBacklog;
      let loadMs = 0;
      if (add > 0) {
        log(`  loading ${add.toLocaleString('en-US')} notes due later (backlog → ${target.toLocaleString('en-US')})`);
        const loaded = await batchWriteAll(engine.client, TABLE, notes(options.dueNow + loadedBacklog, add, future), { concurrency: 8 });
        loadMs = loaded.wallMs;
        loadedBacklog = target;
      }
      for (let i = 0; i < WARMUP_CALLS; i += 1) await store.findDue(now, SWEEP_LIMIT);
      meter.reset();
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < options.runs; i += 1) {
        const start = performance.now();
        const due = await store.findDue(now, SWEEP_LIMIT);
        times.push(performance.now() - start);
        found = due.length;
      }
      const reads = sumUnits(meter.snapshot(), (_, kind) => kind === 'read');
      steps.push({ backlog: target, loadMs, loaded: add, found, time: summarize(times), readUnits: reads.units / options.runs, queries: reads.calls / options.runs });
    }
    return { dueNow: options.dueNow, runs: options.runs, steps };
  } finally {
    client.destroy();
    await engine.stop();
  }
}
