/**
 * Clocks that run only in working hours: "acknowledge within four business hours" means four
 * hours of the owner's working day, not a deadline at 3 a.m. on a Sunday.
 */
import { addLocalDays, isoWeekday, localParts, zonedInstant } from './zoned-time.ts';

export interface WorkingHours {
  start: string;
  end: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
}

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** The moment `durationMs` of working time after `from`, in `timeZone`. */
export function addWorkingTime(from: Date, durationMs: number, timeZone: string, hours: WorkingHours): Date {
  const start = minutes(hours.start);
  const end = minutes(hours.end);
  let left = durationMs;
  let cursor = from;
  // A fortnight of working days is more than any acknowledgement clock needs.
  for (let day = 0; day < 14; day += 1) {
    const p = localParts(cursor, timeZone);
    const date = { year: p.year, month: p.month, day: p.day };
    if (hours.days.includes(isoWeekday(date))) {
      const at = (clock: number) => zonedInstant({ ...date, hour: Math.floor(clock / 60), minute: clock % 60 }, timeZone);
      const open = at(start);
      const close = at(end);
      const begin = cursor > open ? cursor : open;
      if (begin < close) {
        const available = close.getTime() - begin.getTime();
        if (left <= available) return new Date(begin.getTime() + left);
        left -= available;
      }
    }
    const next = addLocalDays(date, 1);
    cursor = zonedInstant({ ...next, hour: 0, minute: 0 }, timeZone);
  }
  return new Date(from.getTime() + durationMs);
}
