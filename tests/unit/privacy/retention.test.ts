import { describe, expect, it } from 'vitest';
import { expiryPolicy, longestRawMailDays, Retention } from '../../../functions/core/domain/retention.ts';
import { testConfig } from '../../support/stores.ts';

describe('store retention', () => {
  it('defaults to three years of orders, a year of notes, two of conversations, 90 days of raw mail', () => {
    expect(testConfig().stores[0]!.retention).toEqual({ orders: 'P1095D', notes: 'P365D', conversations: 'P730D', rawMail: 'P90D' });
  });

  it('takes whole days or weeks between 30 days and ten years, and names the wrong field', () => {
    expect(Retention.parse({ rawMail: 'P8W', orders: 'P3650D' })).toMatchObject({ rawMail: 'P8W', orders: 'P3650D' });
    for (const bad of ['P29D', 'PT720H30M', 'P3651D', 'P3Y', 'soon']) {
      expect(() => testConfig({ retention: { notes: bad } }), bad).toThrow(/stores\[0\]\.retention\.notes: whole days or weeks/);
    }
  });

  it('dates an item from now, or from a later start (a note due later)', () => {
    const now = new Date('2026-11-23T15:00:00Z');
    const stores = testConfig({ retention: { notes: 'P60D' } }).stores;
    const expiry = expiryPolicy(stores, { now: () => now });
    const s = (iso: string) => Date.parse(iso) / 1000;
    expect(expiry.expiresAt('northwind', 'notes')).toBe(s('2027-01-22T15:00:00Z'));
    expect(expiry.expiresAt('northwind', 'notes', '2026-12-01T15:00:00Z')).toBe(s('2027-01-30T15:00:00Z'));
    expect(expiry.expiresAt('northwind', 'notes', '2026-01-01T00:00:00Z')).toBe(s('2027-01-22T15:00:00Z'));
    // A store no longer configured keeps the defaults.
    expect(expiry.expiresAt('gone', 'orders')).toBe(s('2029-11-22T15:00:00Z'));
  });

  it('keeps mail never filed under a store as long as the longest of them', () => {
    expect(longestRawMailDays(testConfig({}, [{ id: 'b', retention: { rawMail: 'P200D' } }]).stores)).toBe(200);
    expect(longestRawMailDays(testConfig({ retention: { rawMail: 'P30D' } }).stores)).toBe(30);
  });
});
