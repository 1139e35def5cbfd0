import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../../functions/core/domain/store.ts';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';

const store = DEFAULT_CONFIG.stores[0];

describe('store configuration', () => {
  it('fills in a sensible plan, window, caps and loyalty for a minimal store', () => {
    const config = parseDeploymentConfig(DEFAULT_CONFIG);
    expect(config.stores[0]).toMatchObject({
      plan: { 'thank-you': { enabled: true, delay: 'PT2H' }, shipped: { enabled: false }, 'check-in': { after: 'delivered', delay: 'P3D' } },
      sendWindow: { start: '09:30', end: '17:00', days: [1, 2, 3, 4, 5] },
      caps: { checkInEvery: 'P7D', anyNoteEvery: 'P1D' },
      loyalty: { orders: 5, signedBy: 'senior' },
    });
  });

  it('names every wrong field', () => {
    const bad = {
      ...DEFAULT_CONFIG,
      defaultStore: 'missing',
      stores: [
        {
          ...store,
          timeZone: 'Mars/Olympus',
          persona: { name: 'Sarah', email: 'noreply@northwind.example' },
          plan: { 'check-in': { after: 'delivered', delay: 'three days' } },
          sendWindow: { start: '17:00', end: '09:00' },
        },
      ],
    };
    expect(() => parseDeploymentConfig(bad, 'followup.config.json')).toThrow(
      new RegExp(
        [
          'followup.config.json is not valid',
          'stores\\[0\\]\\.timeZone: an IANA time zone',
          'stores\\[0\\]\\.persona\\.email: a person',
          'stores\\[0\\]\\.plan\\.check-in\\.delay: an ISO 8601 duration',
          'stores\\[0\\]\\.sendWindow\\.end: start must be before end',
          'defaultStore: no store has the id "missing"',
        ].join('[\\s\\S]*'),
      ),
    );
  });

  it('refuses two stores with one id, and a store with no platform', () => {
    expect(() => parseDeploymentConfig({ ...DEFAULT_CONFIG, stores: [store, store] })).toThrow(/stores\[1\]\.id: duplicate store id "northwind"/);
    expect(() => parseDeploymentConfig({ ...DEFAULT_CONFIG, stores: [{ ...store, platforms: {} }] })).toThrow(/stores\[0\]\.platforms: connect at least one platform/);
  });
});
