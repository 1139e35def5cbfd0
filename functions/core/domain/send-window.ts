/**
 * When a note may leave: on the customer's weekdays, inside the store's send window, in the
 * customer's own time zone, at a minute that differs from note to note so that a day's notes
 * do not all leave at 09:30:00 like a mail merge.
 */
import { stableFraction } from './keys.ts';
import type { SendWindow } from './store.ts';
import { addLocalDays, isoWeekday, localParts, zonedInstant } from './zoned-time.ts';

/** How far past the window's end a sweep may still send a note that fell due inside it. */
const END_GRACE_MINUTES = 15;
/** Spread of the opening rush: a held note leaves within this many minutes of the window opening. */
const OPENING_SPREAD_MINUTES = 150;
/** Spread of a note that falls due inside the window. */
const INSIDE_SPREAD_MINUTES = 25;

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

function minuteOfDay(instant: Date, timeZone: string): { minute: number; weekday: number } {
  const p = localParts(instant, timeZone);
  return { minute: p.hour * 60 + p.minute + p.second / 60, weekday: p.weekday };
}

/** Whether a note may leave at `at`: inside the window on an allowed day (with a little grace). */
export function isInsideWindow(at: Date, timeZone: string, window: SendWindow): boolean {
  const { minute, weekday } = minuteOfDay(at, timeZone);
  return (
    window.days.includes(weekday) &&
    minute >= minutesOf(window.start) &&
    minute < minutesOf(window.end) + END_GRACE_MINUTES
  );
}

/**
 * The moment a note that falls due at `due` should leave. Inside the window it leaves a few
 * minutes after `due`; outside it waits for the next opening and leaves somewhere in the first
 * hours of it. The offset is derived from `seed`, so a re-computed plan gives the same moment.
 */
export function nextSendMoment(due: Date, timeZone: string, window: SendWindow, seed: string): Date {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const jitter = stableFraction(`send-moment\n${seed}`);
  const { minute, weekday } = minuteOfDay(due, timeZone);

  if (window.days.includes(weekday) && minute >= start && minute < end) {
    const room = Math.min(INSIDE_SPREAD_MINUTES, end - minute);
    return new Date(due.getTime() + Math.floor(jitter * room * 60) * 1000);
  }

  const today = localParts(due, timeZone);
  const startToday = window.days.includes(weekday) && minute < start;
  for (let offset = startToday ? 0 : 1; offset <= 7; offset += 1) {
    const date = addLocalDays(today, offset);
    if (!window.days.includes(isoWeekday(date))) continue;
    const spread = Math.min(OPENING_SPREAD_MINUTES, end - start);
    const seconds = Math.floor(jitter * spread * 60);
    const opening = zonedInstant({ ...date, hour: Math.floor(start / 60), minute: start % 60 }, timeZone);
    return new Date(opening.getTime() + seconds * 1000);
  }
  // Unreachable with a validated window (at least one allowed day), kept as a safe answer.
  return due;
}
