/**
 * ISO 8601 durations ("P3D", "PT2H", "P1DT4H30M", "P2W"), the one way delays are written in
 * store config and on the local clock. Days are fixed 24-hour spans: the send window, not the
 * delay, decides the local moment a note leaves.
 */
const PATTERN =
  /^P(?!$)(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000] as const;

/** Milliseconds in an ISO 8601 duration without years or months; null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = PATTERN.exec(text.trim().toUpperCase());
  if (!match) return null;
  let total = 0;
  for (let i = 0; i < UNIT_MS.length; i += 1) {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part) * UNIT_MS[i]!;
  }
  return Math.round(total);
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== null;
}

export function addDuration(at: Date, duration: string): Date {
  const ms = parseDuration(duration);
  if (ms === null) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  return new Date(at.getTime() + ms);
}

const CALENDAR_PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?=(?:[\d.]+[WD]|T[\d.]|$))(.*)$/;

/**
 * `at` moved by any ISO 8601 duration, years and months included ("P1M", "P1Y2M10DT2H"): years
 * and months on the UTC calendar (the 31st plus a month is the last day of the next month), the
 * rest as fixed spans. Null when the text is not a duration.
 */
export function addCalendarDuration(at: Date, text: string): Date | null {
  const match = CALENDAR_PATTERN.exec(text.trim().toUpperCase());
  if (!match) return null;
  const [, years, months, rest] = match;
  const fixed = rest === '' ? 0 : parseDuration(`P${rest}`);
  if (fixed === null) return null;
  const shift = Number(years ?? 0) * 12 + Number(months ?? 0);
  const moved = new Date(at.getTime());
  if (shift > 0) {
    const day = moved.getUTCDate();
    moved.setUTCDate(1);
    moved.setUTCMonth(moved.getUTCMonth() + shift);
    const lastDay = new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0)).getUTCDate();
    moved.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(moved.getTime() + fixed);
}
