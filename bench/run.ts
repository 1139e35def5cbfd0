/**
 * `npm run bench` — measures and prints; asserts nothing. `npm run bench -- --quick` runs
 * smaller sizes; `--only=bundles,intake,sending,due,reading,inbound,day,bill` runs some sections. See bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cleanupAll, installSignalHandlers } from './cleanup.ts';
import { num, seconds } from './format.ts';
import { benchBundles } from './bundles.ts';
import { reportBundles } from './bundles-report.ts';
import { benchIntake } from './intake.ts';
import { reportCapacity, reportIntake } from './intake-report.ts';
import { benchDueQuery } from './due-query.ts';
import { reportDueQuery } from './due-query-report.ts';
import { benchSending } from './sending.ts';
import { measureBill } from './bill.ts';
import { priceBill } from './bill-model.ts';
import { reportBill } from './bill-report.ts';
import { reportSending } from './sending-report.ts';
import { benchReading } from './reading.ts';
import { reportReading } from './reading-report.ts';
import { benchInbound, reportInbound } from './inbound.ts';
import { benchDayAdvance } from './day-advance.ts';
import { reportDayAdvance } from './day-advance-report.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = ['bundles', 'intake', 'sending', 'due', 'reading', 'inbound', 'day', 'bill'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: string[]): { quick: boolean; only: Set<Section> } {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const only = new Set<Section>(
    onlyArg ? (onlyArg.slice('--only='.length).split(',').filter((s) => (SECTIONS as readonly string[]).includes(s)) as Section[]) : SECTIONS,
  );
  return { quick, only };
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (text: string) => process.stdout.write(`${text}\n`);

/**
 * Runs one section; a section that fails (the code under measurement changes often) is reported
 * and the others still run. Whatever it started is stopped by its own cleanup.
 */
async function section(number: string, title: string, run: () => Promise<{ text: string; summary: string }[]>, summaries: string[], errors: Record<string, string>): Promise<void> {
  log(`\n[${number}] ${title} …`);
  try {
    const reports = await run();
    for (const r of reports) print(r.text);
    reports.forEach((r, i) => summaries.push(`${number.split(', ')[i] ?? number}. ${r.summary}`));
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    errors[number] = message;
    print(`\n${number}. ${title}: FAILED — ${(error as Error).message}`);
    log(message);
    for (const n of number.split(', ')) summaries.push(`${n}. FAILED: ${(error as Error).message}`);
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  installSignalHandlers();
  const { quick, only } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const sizes = quick
    ? { deliveries: 300, warmup: 150, baselineWarmup: 600, notes: 1_000, warmupNotes: 200, rawCalls: 1_000, backlog: [0, 10_000, 100_000], dueRuns: 9, importRuns: 11, dayNotes: 300, billOrders: 100 }
    : { deliveries: 3_000, warmup: 300, baselineWarmup: 1_500, notes: 10_000, warmupNotes: 500, rawCalls: 3_000, backlog: [0, 10_000, 100_000, 1_000_000], dueRuns: 15, importRuns: 21, dayNotes: 1_700, billOrders: 400 };
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: loadavg(),
    sizes,
  };
  const summaries: string[] = [];
  const errors: Record<string, string> = {};
  results.errors = errors;
  print(`followup benchmark (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
  print(`load average at start: ${load()} (other work on this machine lowers every figure; compare ratios, not absolutes)`);

  if (only.has('bundles')) {
    await section('3', 'Lambda bundles', async () => {
      const t = performance.now();
      const r = await benchBundles({ runs: sizes.importRuns, log });
      results.bundles = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportBundles(r)];
    }, summaries, errors);
  }

  if (only.has('intake')) {
    await section('1, 2', 'webhook intake and capacity', async () => {
      const t = performance.now();
      const r = await benchIntake({ deliveries: sizes.deliveries, warmup: sizes.warmup, baselineWarmup: sizes.baselineWarmup, concurrency: 16, log });
      results.intake = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportIntake(r), reportCapacity(r)];
    }, summaries, errors);
  }

  if (only.has('sending')) {
    await section('4', 'sending', async () => {
      const t = performance.now();
      const r = await benchSending({ notes: sizes.notes, warmupNotes: sizes.warmupNotes, rawCalls: sizes.rawCalls, log });
      results.sending = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportSending(r)];
    }, summaries, errors);
  }

  if (only.has('due')) {
    await section('5', 'due query vs backlog', async () => {
      const t = performance.now();
      const r = await benchDueQuery({ backlog: sizes.backlog, dueNow: 500, runs: sizes.dueRuns, log });
      results.dueQuery = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportDueQuery(r)];
    }, summaries, errors);
  }

  if (only.has('reading')) {
    await section('6', 'reading mail', async () => {
      const t = performance.now();
      const r = await benchReading({ rounds: quick ? 3 : 7, roundMs: quick ? 300 : 1_000, log });
      results.reading = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportReading(r)];
    }, summaries, errors);
  }

  if (only.has('inbound')) {
    await section('7', 'inbound replies', async () => {
      const t = performance.now();
      const r = await benchInbound({ rounds: quick ? 2 : 10, log });
      results.inbound = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportInbound(r)];
    }, summaries, errors);
  }

  if (only.has('day')) {
    await section('8', 'a day of due notes', async () => {
      const t = performance.now();
      const r = await benchDayAdvance({ notes: sizes.dayNotes, log });
      results.dayAdvance = { ...r, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportDayAdvance(r)];
    }, summaries, errors);
  }

  if (only.has('bill')) {
    await section('9', 'the bill', async () => {
      const t = performance.now();
      const measured = await measureBill({ orders: sizes.billOrders, log });
      const bill = priceBill(measured);
      results.bill = { measured, bill, tookMs: performance.now() - t, loadAverageAfter: loadavg() };
      return [reportBill(measured, bill)];
    }, summaries, errors);
  }

  const tookMs = performance.now() - started;
  results.tookMs = tookMs;
  results.loadAverageAtEnd = loadavg();
  results.summaries = summaries;
  print(`\nSummary (${quick ? 'quick' : 'full'} run, ${seconds(tookMs)}, load average at end ${load()})`);
  for (const s of [...summaries].sort((a, b) => parseInt(a, 10) - parseInt(b, 10))) print(`  ${s}`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}latest.json`, JSON.stringify(results, jsonReplacer, 2) + '\n');
  print(`\nResults written to bench/results/latest.json (${num(tookMs / 1000, 0)} s in all).`);
  // Figures never fail the run; a section that could not be measured does.
  if (Object.keys(errors).length) process.exitCode = 1;
}

/** Typed arrays (latencies) are summarised already; keep the JSON small. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return undefined;
  return value;
}

main()
  .catch((error: Error) => {
    process.stderr.write(`\nbenchmark failed: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanupAll();
    process.exit();
  });
