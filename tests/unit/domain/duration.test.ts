import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from '../../../functions/core/domain/duration.ts';

describe('ISO 8601 durations', () => {
  it('reads the delays store owners write', () => {
    expect(parseDuration('P3D')).toBe(3 * 86_400_000);
    expect(parseDuration('PT2H')).toBe(2 * 3_600_000);
    expect(parseDuration('P3DT4H')).toBe(3 * 86_400_000 + 4 * 3_600_000);
    expect(parseDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseDuration('PT90M')).toBe(90 * 60_000);
    expect(parseDuration('pt30s')).toBe(30_000);
  });

  it('refuses what is not a duration, and months whose length varies', () => {
    for (const text of ['', 'P', 'PT', '3D', 'P1M2', 'P1Y', 'P1M', 'PT-1H', 'soon']) expect(parseDuration(text)).toBeNull();
  });

  it('adds a duration to a moment', () => {
    expect(addDuration(new Date('2026-11-23T10:00:00Z'), 'P1DT2H').toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(() => addDuration(new Date(), 'tomorrow')).toThrow(/not an ISO 8601 duration/);
  });
});
