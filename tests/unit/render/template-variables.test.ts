import { describe, expect, it } from 'vitest';
import { ordinal } from '../../../functions/adapters/render/ordinals.ts';
import { templateVariables, tidyFirstName } from '../../../functions/adapters/render/template-variables.ts';
import { LONG_TIME, lineItem, noteContext } from './fixtures.ts';

describe('templateVariables', () => {
  it('gives templates ready-made, snake_case values', () => {
    const vars = templateVariables(noteContext({ customer: { ...LONG_TIME, hadResolvedProblem: true } }));
    expect(vars).toEqual({
      customer: {
        first_name: 'Emma',
        order_count: 7,
        order_ordinal: 'seventh',
        years: 3,
        segment: 'long-time',
        first_order: false,
        returning: false,
        long_time: true,
        had_resolved_problem: true,
      },
      your_product: 'your linen duvet cover',
      your_product_short: 'your linen duvet cover',
      product: 'linen duvet cover',
      items_count: 1,
      store: { name: 'Northwind Home' },
      signer: { name: 'Tom', role: 'Owner' },
    });
  });

  it('keeps a long list for sentences and a short one for subjects', () => {
    const items = [
      lineItem('Linen Duvet Cover', { unitPriceMinor: 18900 }),
      lineItem('Fig and Cedar Candle', { unitPriceMinor: 2800 }),
    ];
    const vars = templateVariables(noteContext({ orders: [{ ...noteContext().orders[0]!, items }] }));
    expect(vars.your_product).toBe('your linen duvet cover and the fig and cedar candle');
    expect(vars.your_product_short).toBe('your linen duvet cover and one other thing');
    expect(vars.product).toBe('linen duvet cover and one other thing');
  });

  it("keeps the store's own name in product titles, but not generic words of it", () => {
    const items = [lineItem('Northwind Home Diffuser')];
    const vars = templateVariables(noteContext({ orders: [{ ...noteContext().orders[0]!, items }] }));
    expect(vars.your_product).toBe('your Northwind home diffuser');
  });

  it('gives a missing role as nil, so that {% if signer.role %} works', () => {
    const vars = templateVariables(noteContext({ signer: { name: 'Sarah', email: 'sarah@northwind.example' } }));
    expect(vars.signer.role).toBeNull();
  });
});

describe('tidyFirstName', () => {
  it.each([
    ['lena', 'Lena'],
    ['LENA', 'Lena'],
    ['anne-marie', 'Anne-Marie'],
    ["o'brien", "O'Brien"],
    ['maría josé', 'María José'],
    ['DeShawn', 'DeShawn'],
    ['  Emma  ', 'Emma'],
  ])('%s → %s', (raw, tidy) => {
    expect(tidyFirstName(raw)).toBe(tidy);
  });

  it.each([null, '', '   ', 'me@example.com', 'Customer 1', '---'])('treats %j as no name', (raw) => {
    expect(tidyFirstName(raw)).toBeNull();
  });
});

describe('ordinal', () => {
  it('writes small ordinals in words, fitting the noun for an order', () => {
    expect(ordinal(7, 'en')).toBe('seventh');
    expect(ordinal(7, 'de')).toBe('siebte');
    expect(ordinal(7, 'fr')).toBe('septième');
    expect(ordinal(7, 'es')).toBe('séptimo');
    expect(ordinal(3, 'es')).toBe('tercer');
  });

  it('writes larger ones in figures, as each language does', () => {
    expect([11, 12, 13, 21, 22, 23, 101, 111].map((n) => ordinal(n, 'en'))).toEqual([
      'eleventh', 'twelfth', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
    expect(ordinal(13, 'de')).toBe('13.');
    expect(ordinal(13, 'fr')).toBe('13e');
    expect(ordinal(11, 'es')).toBe('11.º');
  });
});
