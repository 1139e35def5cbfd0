/** The printed form of sections 1 and 2. */
import { sumUnits, type MeterSnapshot } from './capacity.ts';
import { heading, meets, ms, num, pct, perSecond, table } from './format.ts';
import type { CpuUse } from './cpu.ts';
import type { IntakeResult, Run } from './intake.ts';

export const INTAKE_TARGETS = { ratio: 0.7, p99Ms: 50, writesPerOrder: 3 } as const;

function outcomes(run: Run): string {
  const parts = Object.entries(run.outcomes ?? {}).map(([k, v]) => `${num(v)} × ${k}`);
  if (run.errors) parts.push(`${num(run.errors)} × transport error (${run.firstError ?? '?'})`);
  return parts.join(', ') || '—';
}

/** CPU milliseconds per request of each consumer, and how busy the main thread was. */
export function cpuTable(runs: Array<[string, { requests: number; cpu?: CpuUse }]>): string {
  const per = (v: number | null | undefined, n: number) => (v === null || v === undefined ? '—' : ms(v / n, 2));
  return table(
    ['run', 'Node main thread', 'other Node threads', 'DynamoDB Local (JVM)', 'main thread busy'],
    runs.map(([what, run]) => [
      what,
      per(run.cpu?.mainMs, run.requests),
      per(run.cpu?.otherNodeMs, run.requests),
      per(run.cpu?.jvmMs, run.requests),
      run.cpu?.mainMs === null || run.cpu === undefined ? '—' : pct(run.cpu.mainMs! / run.cpu.wallMs),
    ]),
    ['l', 'r', 'r', 'r', 'r'],
  );
}

export function intakeFigures(r: IntakeResult) {
  const baseline = (r.baselineBefore.perSecond + r.baselineAfter.perSecond) / 2;
  const ratio = r.intake.perSecond / baseline;
  const accepted = r.intake.outcomes?.['200 accepted'] ?? 0;
  const duplicates = r.replay.outcomes?.['200 duplicate'] ?? 0;
  const unchanged = r.tableBeforeReplay.digest === r.tableAfterReplay.digest && r.tableBeforeReplay.items === r.tableAfterReplay.items;
  return { baseline, ratio, accepted, duplicates, unchanged };
}

export function reportIntake(r: IntakeResult): { text: string; summary: string } {
  const f = intakeFigures(r);
  const row = (what: string, run: Run, target: string) => [
    what,
    num(run.requests),
    ms(run.wallMs, 0),
    perSecond(run.perSecond),
    ms(run.latency.p50),
    ms(run.latency.p99),
    num(run.errors),
    target,
  ];
  const lines = [
    heading('1. Webhook intake: signed Shopify orders/create → HTTP server → DynamoDB Local'),
    `  ${num(r.intake.requests)} distinct orders and customers, bodies ${num(r.bodyBytes.min)}–${num(r.bodyBytes.max)} B (median ${num(r.bodyBytes.p50)} B), ` +
      `keep-alive load generator on its own thread, concurrency ${r.concurrency}`,
    '',
    table(
      ['run', 'requests', 'wall', 'throughput', 'p50', 'p99', 'errors', 'target'],
      [
        row('baseline: raw PutItem, body-sized item (before)', r.baselineBefore, ''),
        row(
          r.intake.planningPaused ? 'webhook intake (accepted; planning held back)' : 'webhook intake (accepted)',
          r.intake,
          `≥ ${pct(INTAKE_TARGETS.ratio)} of baseline, p99 ≤ ${INTAKE_TARGETS.p99Ms} ms`,
        ),
        row('baseline: raw PutItem, body-sized item (after)', r.baselineAfter, ''),
        row('replay of the same deliveries', r.replay, 'all "duplicate", nothing changes'),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [
        ['intake / baseline (mean of before and after)', `${pct(f.ratio)} (${perSecond(r.intake.perSecond)} / ${perSecond(f.baseline)})`, `≥ ${pct(INTAKE_TARGETS.ratio)}`, meets(f.ratio >= INTAKE_TARGETS.ratio)],
        [
          'intake until everything was planned',
          `${perSecond((r.intake.requests / (r.intake.wallMs + Math.max(0, (r.intake.settleMs ?? 0) - 300))) * 1000)} (answers, then the planner catching up on the same two cores)`,
          '',
          '',
        ],
        [
          'planning off the stream, after the run',
          `${perSecond((r.intake.requests / Math.max(1, (r.intake.settleMs ?? 0) - 300)) * 1000)} order changes planned`,
          '',
          '',
        ],
        ['intake p99 latency', ms(r.intake.latency.p99), `≤ ${INTAKE_TARGETS.p99Ms} ms`, meets(r.intake.latency.p99 <= INTAKE_TARGETS.p99Ms)],
        ['intake answers', outcomes(r.intake), `${num(r.intake.requests)} × 200 accepted`, meets(f.accepted === r.intake.requests && r.intake.errors === 0)],
        ['replay answers', outcomes(r.replay), `${num(r.replay.requests)} × 200 duplicate`, meets(f.duplicates === r.replay.requests && r.replay.errors === 0)],
        [
          'table items before → after the replay',
          `${num(r.tableBeforeReplay.items)} → ${num(r.tableAfterReplay.items)}; content digest ${f.unchanged ? 'identical' : 'CHANGED'}`,
          'unchanged',
          meets(f.unchanged),
        ],
        [
          'after the last answer, until all was planned (intake / replay)',
          `${ms(r.intake.settleMs ?? 0, 0)} / ${ms(r.replay.settleMs ?? 0, 0)}, incl. 300 ms of quiet (its writes are in section 2, not in the wall time)`,
          '',
          '',
        ],
        ...(r.intake.planError || r.replay.planError
          ? [['planning failed (runtime)', (r.intake.planError ?? r.replay.planError)!.slice(0, 100), 'no failure', meets(false)]]
          : []),
        ['baseline units per PutItem (DynamoDB Local)', num(r.baselineBefore.unitsPerPut, 2) + ' WCU', '', ''],
      ],
      ['l', 'l', 'l', 'l'],
    ),
    '',
    '  CPU per request (from /proc; the machine has 2 cores shared by all of these):',
    cpuTable([
      ['baseline PutItem (before)', r.baselineBefore],
      ['webhook intake', r.intake],
      ['baseline PutItem (after)', r.baselineAfter],
      ['replay (duplicates)', r.replay],
    ]),
    `  table after intake: ${Object.entries(r.tableBeforeReplay.byType).map(([k, v]) => `${num(v)} ${k}`).join(', ')} (warm-up orders included)`,
  ];
  const summary =
    `intake ${perSecond(r.intake.perSecond)} (p50 ${ms(r.intake.latency.p50)}, p99 ${ms(r.intake.latency.p99)}) = ${pct(f.ratio)} of raw PutItem ${perSecond(f.baseline)} ` +
    `[target ≥ ${pct(INTAKE_TARGETS.ratio)}: ${meets(f.ratio >= INTAKE_TARGETS.ratio)}]; replay: ${num(f.duplicates)}/${num(r.replay.requests)} duplicate, table ${f.unchanged ? 'unchanged' : 'CHANGED'}`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}

/** Rows of a capacity table: one per category, units per `per` events. */
function capacityRows(s: MeterSnapshot, per: number, kind: 'read' | 'write') {
  return Object.entries(s.categories)
    .filter(([, t]) => t.kind === kind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, t]) => [
      category,
      num(t.calls),
      num(t.calls / per, 2),
      num(t.tableUnits / per, 2),
      num(t.indexUnits / per, 2),
      num((t.tableUnits + t.indexUnits) / per, 2),
      t.failedConditional ? `${num(t.failedConditional)} (≈ ${num(t.failedEstimate / per, 2)} per)` : '',
    ]);
}

export function capacityTable(s: MeterSnapshot, per: number, perLabel: string): string {
  const header = ['request', 'calls', `calls/${perLabel}`, `table/${perLabel}`, `GSI/${perLabel}`, `units/${perLabel}`, 'failed conditional (est. units)'];
  const align: Array<'l' | 'r'> = ['l', 'r', 'r', 'r', 'r', 'r', 'l'];
  const rows = [...capacityRows(s, per, 'write'), ['', '', '', '', '', '', ''], ...capacityRows(s, per, 'read')];
  return table(header, rows, align);
}

export function supportTable(...snapshots: MeterSnapshot[]): string {
  const merged = new Map<string, { calls: number; reported: number; withIndexes: number; failed: number }>();
  for (const s of snapshots) {
    for (const [command, v] of Object.entries(s.support)) {
      const m = merged.get(command) ?? { calls: 0, reported: 0, withIndexes: 0, failed: 0 };
      m.calls += v.calls;
      m.reported += v.reported;
      m.withIndexes += v.withIndexes;
      m.failed += v.failed;
      merged.set(command, m);
    }
  }
  return table(
    ['command', 'calls', 'answered with ConsumedCapacity', 'with Table/GSI split', 'failed conditional (no capacity in answer)'],
    [...merged].sort(([a], [b]) => a.localeCompare(b)).map(([command, v]) => [command, num(v.calls), num(v.reported), num(v.withIndexes), num(v.failed)]),
    ['l', 'r', 'r', 'r', 'r'],
  );
}

export function capacityFigures(r: IntakeResult) {
  const orders = r.intake.outcomes?.['200 accepted'] ?? r.intake.requests;
  const dups = r.replay.outcomes?.['200 duplicate'] ?? r.replay.requests;
  const writes = sumUnits(r.capacityIntake, (_, kind) => kind === 'write');
  const reads = sumUnits(r.capacityIntake, (_, kind) => kind === 'read');
  // The webhook's own write is the order's; the customer record and the note are the planner's.
  const intakeAlone = sumUnits(r.capacityIntake, (c, kind) => kind === 'write' && c.endsWith(' order'));
  const planning = sumUnits(r.capacityIntake, (c, kind) => kind === 'write' && (c.includes(' note') || c.endsWith(' customer profile')));
  const dupWrites = sumUnits(r.capacityReplay, (_, kind) => kind === 'write');
  const dupReads = sumUnits(r.capacityReplay, (_, kind) => kind === 'read');
  return {
    orders,
    duplicates: dups,
    writesPerOrder: writes.units / orders,
    readsPerOrder: reads.units / orders,
    intakeAlonePerOrder: intakeAlone.units / orders,
    planningPerOrder: planning.units / orders,
    duplicateWritesReported: dupWrites.units / dups,
    duplicateFailedWritesPer: dupWrites.failedConditional / dups,
    duplicateWritesEstimated: (dupWrites.units + dupWrites.failedEstimate) / dups,
    duplicateReadsPer: dupReads.units / dups,
  };
}

export function reportCapacity(r: IntakeResult): { text: string; summary: string } {
  const f = capacityFigures(r);
  const lines = [
    heading('2. DynamoDB capacity per webhook (ReturnConsumedCapacity: INDEXES on every runtime command)'),
    `  Accepted orders (${num(f.orders)}), per order:`,
    capacityTable(r.capacityIntake, f.orders, 'order'),
    '',
    `  Duplicates (${num(f.duplicates)}), per duplicate:`,
    capacityTable(r.capacityReplay, f.duplicates, 'dup'),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [
        ['write units per accepted order', `${num(f.writesPerOrder, 2)} WCU`, `≤ ${INTAKE_TARGETS.writesPerOrder}`, meets(f.writesPerOrder <= INTAKE_TARGETS.writesPerOrder)],
        ['  of which the webhook itself (the order item)', `${num(f.intakeAlonePerOrder, 2)} WCU`, '', ''],
        ['  of which planning off the stream (customer record, note, due index)', `${num(f.planningPerOrder, 2)} WCU`, '', ''],
        ['read units per accepted order', `${num(f.readsPerOrder, 2)} RCU`, '', ''],
        ['write units per duplicate, as reported', `${num(f.duplicateWritesReported, 2)} WCU`, '0 reported', meets(f.duplicateWritesReported === 0)],
        [
          'write units per duplicate, with failed conditional writes estimated',
          `≈ ${num(f.duplicateWritesEstimated, 2)} WCU (${num(f.duplicateFailedWritesPer, 2)} failed conditional writes each)`,
          '',
          '',
        ],
        ['read units per duplicate', `${num(f.duplicateReadsPer, 2)} RCU`, '', ''],
      ],
      ['l', 'l', 'l', 'l'],
    ),
    '',
    '  Does DynamoDB Local report ConsumedCapacity? (every runtime command of section 1)',
    supportTable(r.capacityIntake, r.capacityReplay),
    '',
    '  Reading these units: a conditional write that fails (every duplicate) answers without ConsumedCapacity, in DynamoDB as in',
    '  DynamoDB Local, yet DynamoDB bills it by the size of the item checked; "est." rounds that size up to whole KB. DynamoDB Local',
    '  reports 0 units for a Query that finds nothing (the first order of a customer); treat the read figures as lower bounds.',
  ];
  const summary =
    `${num(f.writesPerOrder, 2)} WCU per accepted order (webhook ${num(f.intakeAlonePerOrder, 2)} + planning ${num(f.planningPerOrder, 2)}) ` +
    `[target ≤ ${INTAKE_TARGETS.writesPerOrder}: ${meets(f.writesPerOrder <= INTAKE_TARGETS.writesPerOrder)}], ${num(f.readsPerOrder, 2)} RCU; ` +
    `duplicate: ${num(f.duplicateWritesReported, 2)} WCU reported, ≈ ${num(f.duplicateWritesEstimated, 2)} billed (failed conditional write), ${num(f.duplicateReadsPer, 2)} RCU`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}
