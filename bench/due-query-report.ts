/** The printed form of section 5. */
import { WARMUP_CALLS, type DueQueryResult } from './due-query.ts';
import { heading, meets, ms, num, perSecond, seconds, table } from './format.ts';

/** "Stays flat": the median at the largest backlog within this factor of the median with none. */
export const FLAT_FACTOR = 1.5;

export function reportDueQuery(r: DueQueryResult): { text: string; summary: string } {
  const base = r.steps[0]?.time.p50 ?? Number.NaN;
  const rows = r.steps.map((s) => [
    num(s.backlog),
    s.loaded ? `${num(s.loaded)} in ${seconds(s.loadMs)} (${perSecond((s.loaded / s.loadMs) * 1000)})` : '—',
    `${num(s.found)} / ${num(r.dueNow)}`,
    ms(s.time.p50, 2),
    ms(s.time.min, 2),
    ms(s.time.p90, 2),
    ms(s.time.max, 2),
    `× ${num(s.time.p50 / base, 2)}`,
    num(s.queries, 1),
    `${num(s.readUnits, 1)} RCU`,
  ]);
  const last = r.steps.at(-1);
  const factor = last ? last.time.p50 / base : Number.NaN;
  const flat = Number.isFinite(factor) ? factor <= FLAT_FACTOR : null;
  const lines = [
    heading('5. The due query as the backlog grows: findDue(now) over 16 shards of the due index'),
    `  ${num(r.dueNow)} notes due now; the backlog is due over the next 60 days; median of ${r.runs} calls after ${WARMUP_CALLS} warm-up calls; limit 5,000 (the sweeper's)`,
    '',
    table(
      ['backlog (due later)', 'loaded (BatchWriteItem, 8 in flight)', 'found', 'median', 'min', 'p90', 'max', 'vs no backlog', 'queries/call', 'reads/call'],
      rows,
      ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [[`median at ${num(last?.backlog ?? 0)} backlog vs none`, `× ${num(factor, 2)}`, `flat (≤ × ${FLAT_FACTOR})`, meets(flat)]],
      ['l', 'l', 'l', 'l'],
    ),
  ];
  const summary =
    `findDue(now) with ${num(r.dueNow)} due: ${r.steps.map((s) => `${ms(s.time.p50, 1)} at ${num(s.backlog)}`).join(', ')} ` +
    `(× ${num(factor, 2)} from none to ${num(last?.backlog ?? 0)}) [flat: ${meets(flat)}]`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}
