/** The printed form of section 8. */
import type { DayAdvanceResult, DrainRun } from './day-advance.ts';
import { heading, meets, num, pct, perSecond, seconds, table } from './format.ts';

/** A day's walk should send at (nearly) the rate of notes all due at once. */
export const DAY_TARGET = { ratio: 0.8 } as const;

export function reportDayAdvance(r: DayAdvanceResult): { text: string; summary: string } {
  const ratio = r.spread.perSecond / r.sameMoment.perSecond;
  const row = (run: DrainRun) => [
    run.shape,
    num(run.dueTimes),
    `${num(run.sent)} / ${num(run.notes)}`,
    seconds(run.wallMs),
    perSecond(run.perSecond),
    `${num(run.onTime)} / ${num(run.sent)}`,
    num(run.deadLetters),
  ];
  const lines = [
    heading('8. A day of due notes through the local clock: one advance of a day vs. all due at once'),
    `  ${num(r.notes)} customers with a note each, written with BatchWriteItem; each run in a runtime and DynamoDB Local of its own. ` +
      '"Spread": due at their own second over the rest of the working day, then POST /dev/clock {"advance": "P1D"} (scheduler.advanceTo).',
    '',
    table(['notes due', 'due times', 'sent', 'wall', 'rate', 'sent at their due time', 'dead letters'], [row(r.sameMoment), row(r.spread)], ['l', 'r', 'r', 'r', 'r', 'r', 'r']),
    ...[r.sameMoment, r.spread].filter((run) => run.unsent.length).map((run) => `  not sent (${run.shape}): ${run.unsent.join(', ')}`),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [
        ['day advance / all due at once (send rate)', `${pct(ratio)} (${perSecond(r.spread.perSecond)} / ${perSecond(r.sameMoment.perSecond)})`, `≥ ${pct(DAY_TARGET.ratio)}`, meets(ratio >= DAY_TARGET.ratio)],
        ['notes of the day sent at their own due time', `${num(r.spread.onTime)} / ${num(r.spread.sent)}`, 'all', meets(r.spread.onTime === r.spread.sent && r.spread.sent === r.notes)],
      ],
      ['l', 'l', 'l', 'l'],
    ),
  ];
  return {
    text: lines.join('\n'),
    summary: `day advance: ${num(r.notes)} notes in ${seconds(r.spread.wallMs)}, ${pct(ratio)} of the rate of notes all due at once (target ≥ ${pct(DAY_TARGET.ratio)})`,
  };
}
