import { describe, expect, it } from 'vitest';
import { guessTimeZone } from '../../../functions/core/domain/time-zone.ts';

const address = (country: string | null, region: string | null = null, latitude: number | null = null, longitude: number | null = null) => ({
  country,
  region,
  city: null,
  latitude,
  longitude,
});

describe('the customer’s time zone', () => {
  it('comes from the address coordinates when the platform sends them', () => {
    expect(guessTimeZone({ address: address('US', 'NY', 47.61, -122.33), locale: null }, 'UTC')).toBe('America/Los_Angeles');
  });

  it('comes from country and region otherwise', () => {
    expect(guessTimeZone({ address: address('US', 'CA'), locale: null }, 'UTC')).toBe('America/Los_Angeles');
    expect(guessTimeZone({ address: address('AU', 'WA'), locale: null }, 'UTC')).toBe('Australia/Perth');
    expect(guessTimeZone({ address: address('JP'), locale: null }, 'UTC')).toBe('Asia/Tokyo');
  });

  it('ignores coordinates of 0,0 (a missing value, not a place)', () => {
    expect(guessTimeZone({ address: address('DE', null, 0, 0), locale: null }, 'UTC')).toBe('Europe/Berlin');
  });

  it('falls back to the locale’s country, then the store’s zone', () => {
    expect(guessTimeZone({ address: null, locale: 'fr-CA' }, 'UTC')).toBe('America/Toronto');
    expect(guessTimeZone({ address: null, locale: 'en' }, 'Europe/Dublin')).toBe('Europe/Dublin');
    expect(guessTimeZone({ address: address(null), locale: null }, 'Europe/Dublin')).toBe('Europe/Dublin');
  });
});
