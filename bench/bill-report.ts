/** The printed form of section 9: the bill. */
import type { FunctionName } from '../functions/shared/functions.ts';
import type { BillMeasurement, PhaseUsage } from './bill.ts';
import { REPLIES_PER_ORDER, type Bill, type Costs, type Line } from './bill-model.ts';
import { heading, num, table } from './format.ts';

export const BILL_TARGETS = { per1000: 0.25, fixed: 3 } as const;

const usd = (value: number, digits = 4) => `$${num(value, digits)}`;

function usageRows(name: string, phase: PhaseUsage, count: number): string[][] {
  const fns = Object.keys(phase.invocations) as FunctionName[];
  return fns.map((fn) => {
    const services = phase.calls[fn] ?? {};
    const calls = Object.entries(services)
      .map(([service, commands]) => `${service} ${num(Object.values(commands ?? {}).reduce((a, b) => a + b, 0) / count, 2)}`)
      .join(', ');
    const units = phase.units[fn];
    return [
      name,
      fn,
      num((phase.invocations[fn] ?? 0) / count, 2),
      num((phase.records[fn] ?? 0) / count, 2),
      units ? num(units.write / count, 2) : '—',
      units ? num(units.read / count, 2) : '—',
      calls || '—',
      num((phase.logBytes[fn] ?? 0) / count, 0),
    ];
  });
}

export function reportBill(m: BillMeasurement, bill: Bill): { text: string; summary: string } {
  const lines = Object.keys(bill.per1000) as Line[];
  const perUnit = (c: Costs, line: Line) => (c[line] ? usd(c[line]! * 1000, 5) : '—');
  const per1000Met = bill.per1000Total <= BILL_TARGETS.per1000;
  const fixedMet = bill.fixed.total < BILL_TARGETS.fixed;
  const text = [
    heading('9. The bill (usage measured through the local runtime, priced at us-east-1 list prices, no free tier)'),
    `  ${m.orders} orders (a paid order and its delivery each, one webhook in 20 delivered twice), three weeks on the clock, one customer in 20 answering (one in 5 a complaint):`,
    `  ${num(bill.emailsPerOrder, 2)} emails per order; ${m.replies} replies, ${m.complaints} complaints; the bill counts ${num(REPLIES_PER_ORDER * 100, 0)} replies per 100 orders.`,
    '',
    '  Measured, per order / per email / per reply (DynamoDB units as DynamoDB Local reports them, failed conditional writes billed at their estimate):',
    table(
      ['per', 'function', 'invocations (local)', 'records', 'WRU', 'RRU', 'calls (by service)', 'log bytes'],
      [...usageRows('order', m.phases.orders, m.orders), ...usageRows('email', m.phases.emails, m.emailsSent), ...usageRows('reply', m.phases.replies, m.replies)],
      ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'r'],
    ),
    '  Billed as AWS would: the sweeper\'s runs and due queries in the fixed part (it runs every minute anyway), one invocation per stream record and queue message.',
    '',
    `  Lambda time is modelled from those calls (prices.ts): ${num(bill.perOrder.billedMs, 0)} ms per order, ${num(bill.perEmail.billedMs, 0)} ms per email, ${num(bill.perReply.billedMs, 0)} ms per reply, at each function's memory (1 GB).`,
    '',
    '  Variable cost (per 1,000 of each; and per 1,000 orders with their emails and replies):',
    table(
      ['line', 'per 1,000 orders', 'per 1,000 emails', 'per 1,000 replies', 'per 1,000 orders, all in'],
      [
        ...lines.map((line) => [line, perUnit(bill.perOrder.costs, line), perUnit(bill.perEmail.costs, line), perUnit(bill.perReply.costs, line), usd(bill.per1000[line] ?? 0, 5)]),
        ['total', '', '', '', usd(bill.per1000Total, 4)],
      ],
      ['l', 'r', 'r', 'r', 'r'],
    ),
    `  X-Ray: ${bill.traced ? 'the prod stage traces every function (priced above).' : `the prod stage does not trace (stages.ts); tracing would add ${usd(1000 * (bill.perOrder.invocations + bill.emailsPerOrder * bill.perEmail.invocations + REPLIES_PER_ORDER * bill.perReply.invocations) * 5e-6, 4)} per 1,000 orders and $0.22 a month for the sweeper.`}`,
    `  Target ≤ ${usd(BILL_TARGETS.per1000, 2)} per 1,000 orders: ${per1000Met ? 'met' : 'NOT met'}. With SES's Essentials price for outbound mail ($0.16 per 1,000, the default for accounts opened since 2026-07-21): ${usd(bill.per1000Essentials, 4)}.`,
    '',
    '  Fixed, every month whatever the orders (counted from the synthesized prod stacks):',
    table(['line', 'per month'], [...Object.entries(bill.fixed.lines).map(([k, v]) => [k, usd(v, 2)]), ['total', usd(bill.fixed.total, 2)]], ['l', 'r']),
    `  Target < ${usd(BILL_TARGETS.fixed, 2)} a month: ${fixedMet ? 'met' : 'NOT met'}.`,
    '',
    '  A month for a store with:',
    table(
      ['orders a month', 'fixed', 'per order', 'total', 'per 1,000 orders'],
      bill.months.map((r) => [num(r.orders), usd(r.fixed, 2), usd(r.variable, 2), usd(r.total, 2), usd(r.perThousand, 3)]),
    ),
  ].join('\n');
  const summary =
    `${usd(bill.per1000Total, 3)} per 1,000 orders all in [target ≤ ${usd(BILL_TARGETS.per1000, 2)}: ${per1000Met ? 'yes' : 'NO'}] (${usd(bill.per1000Essentials, 3)} with SES Essentials); ` +
    `fixed ${usd(bill.fixed.total, 2)}/month [target < ${usd(BILL_TARGETS.fixed, 0)}: ${fixedMet ? 'yes' : 'NO'}]; ` +
    bill.months.map((r) => `${num(r.orders)} orders ${usd(r.total, 2)}`).join(', ');
  return { text, summary };
}
