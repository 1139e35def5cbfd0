/**
 * `z.fallback` stands in for `z.catch` (which brings all of zod's util module into a bundle): a
 * lenient field must read the same either way, or a webhook with a wrong presentation field would
 * be read differently from what the adapters were written for.
 */
import { describe, expect, it } from 'vitest';
import * as z from '../../../functions/core/zod.ts';

const LENIENT: Array<[string, () => z.ZodMiniType, unknown]> = [
  ['optional text', () => z.nullish(z.string()), null],
  ['optional number', () => z.nullish(z.number()), null],
  ['a whole number or 0', () => z.number().check(z.int()), 0],
  ['text or empty', () => z.string(), ''],
  ['an optional address', () => z.nullish(z.object({ city: z.nullish(z.string()) })), null],
  ['an id', () => z.nullish(z.union([z.string(), z.number()])), null],
];
const INPUTS: unknown[] = [undefined, null, 'x', '', 5, 1.5, Number.NaN, true, {}, [], { city: 5 }, { city: 'Lyon' }, { city: null }];

/** The result with which keys an object has: `{}` and `{ k: undefined }` read differently to `in`. */
const seen = (result: { success: boolean; data?: unknown }) => ({
  success: result.success,
  data: result.data,
  keys: result.data && typeof result.data === 'object' ? Object.keys(result.data) : null,
});

describe('z.fallback reads a lenient field as z.catch does', () => {
  for (const [name, schema, value] of LENIENT) {
    it(`${name}: alone and as an object's field, present, wrong or missing`, () => {
      for (const input of INPUTS) {
        expect(seen(z.fallback(schema(), value).safeParse(input)), `${name}: ${String(input)}`).toEqual(seen(z.catch(schema(), value).safeParse(input)));
        const field = (s: z.ZodMiniType) => z.object({ field: s });
        expect(seen(field(z.fallback(schema(), value)).safeParse({ field: input }))).toEqual(seen(field(z.catch(schema(), value)).safeParse({ field: input })));
      }
      const missing = (s: z.ZodMiniType) => seen(z.object({ field: s }).safeParse({}));
      expect(missing(z.fallback(schema(), value))).toEqual(missing(z.catch(schema(), value)));
    });
  }

  it('gives the fallback for what the schema refuses, and the value for what it takes', () => {
    const quantity = z.fallback(z.number().check(z.int()), 0);
    expect(quantity.parse(3)).toBe(3);
    expect(quantity.parse('three')).toBe(0);
    expect(z.object({ quantity }).parse({})).toEqual({ quantity: 0 });
  });
});
