import { describe, expect, it } from 'vitest';
import { isInsideWindow, nextSendMoment } from '../../../functions/core/domain/send-window.ts';
import { localParts } from '../../../functions/core/domain/zoned-time.ts';

const window = { start: '09:30', end: '17:00', days: [1, 2, 3, 4, 5] };

function local(at: Date, zone: string) {
  const p = localParts(at, zone);
  return { weekday: p.weekday, minutes: p.hour * 60 + p.minute, date: `${p.year}-${p.month}-${p.day}` };
}

describe('send window', () => {
  it('holds a note that falls due at night until the window opens in the customer’s own zone', () => {
    // 03:00 in Berlin on Tuesday 2026-11-24
    const due = new Date('2026-11-24T02:00:00Z');
    const at = nextSendMoment(due, 'Europe/Berlin', window, 'note-a');
    const l = local(at, 'Europe/Berlin');
    expect(l.date).toBe('2026-11-24');
    expect(l.minutes).toBeGreaterThanOrEqual(9 * 60 + 30);
    expect(l.minutes).toBeLessThan(17 * 60);
  });

  it('moves a note due on a Saturday to Monday', () => {
    const due = new Date('2026-11-28T15:00:00Z'); // Saturday
    const at = nextSendMoment(due, 'America/New_York', window, 'note-b');
    const l = local(at, 'America/New_York');
    expect(l.weekday).toBe(1);
    expect(l.date).toBe('2026-11-30');
  });

  it('gives the same moment for the same note and different minutes to different notes', () => {
    const due = new Date('2026-11-24T02:00:00Z');
    const a = nextSendMoment(due, 'Europe/Berlin', window, 'note-a');
    expect(nextSendMoment(due, 'Europe/Berlin', window, 'note-a').getTime()).toBe(a.getTime());
    const minutes = new Set(
      Array.from({ length: 40 }, (_, i) => nextSendMoment(due, 'Europe/Berlin', window, `note-${i}`).toISOString().slice(11, 16)),
    );
    expect(minutes.size).toBeGreaterThan(20);
  });

  it('sends a note due inside the window a few minutes later, never before it is due', () => {
    const due = new Date('2026-11-24T15:00:00Z'); // 10:00 in New York
    const at = nextSendMoment(due, 'America/New_York', window, 'note-c');
    expect(at.getTime()).toBeGreaterThanOrEqual(due.getTime());
    expect(at.getTime() - due.getTime()).toBeLessThanOrEqual(25 * 60_000);
  });

  it('uses the customer’s zone across a daylight-saving change', () => {
    // Europe moved back from summer time on 2026-10-25; the note is due the night before.
    const due = new Date('2026-10-24T22:30:00Z'); // Sunday 00:30 in Berlin
    const at = nextSendMoment(due, 'Europe/Berlin', window, 'note-d');
    const l = local(at, 'Europe/Berlin');
    expect(l.date).toBe('2026-10-26');
    expect(l.minutes).toBeGreaterThanOrEqual(9 * 60 + 30);
  });

  it('tells whether a moment is inside the window', () => {
    expect(isInsideWindow(new Date('2026-11-24T15:00:00Z'), 'America/New_York', window)).toBe(true);
    expect(isInsideWindow(new Date('2026-11-24T03:00:00Z'), 'America/New_York', window)).toBe(false);
    expect(isInsideWindow(new Date('2026-11-28T15:00:00Z'), 'America/New_York', window)).toBe(false);
  });
});
