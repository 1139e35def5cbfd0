import { describe, expect, it } from 'vitest';
import { fitSnapshot, fitText, jsonBytes, SNAPSHOT_BUDGET_BYTES } from '../../../functions/core/domain/item-size.ts';
import { snapshot } from '../../support/orders.ts';

const item = (title: string, i = 0) => ({ title, variant: null, quantity: 1, sku: null, productId: null, unitPriceMinor: 100 + i });

describe('fitText', () => {
  it('keeps text that fits as it is', () => {
    expect(fitText('short', 10)).toBe('short');
    expect(fitText('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
  });

  it('cuts at whole code points to the limit, marked where it was cut', () => {
    const cut = fitText('😀'.repeat(50), 20);
    expect(Array.from(cut)).toHaveLength(20);
    expect(cut.endsWith(' […]')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('fitSnapshot', () => {
  it('leaves a snapshot within the budget untouched', () => {
    const small = snapshot();
    expect(fitSnapshot(small)).toEqual({ snapshot: small, trimmed: false });
  });

  it('shortens long names first, keeping every line item when that is enough', () => {
    const long = snapshot({ items: Array.from({ length: 100 }, (_, i) => item('漢'.repeat(300), i)) });
    const fitted = fitSnapshot(long);
    expect(fitted.trimmed).toBe(true);
    expect(fitted.snapshot.items).toHaveLength(100);
    expect(fitted.snapshot.itemsOmitted).toBeUndefined();
    expect(Array.from(fitted.snapshot.items[0]!.title)).toHaveLength(120);
    expect(jsonBytes(fitted.snapshot)).toBeLessThanOrEqual(SNAPSHOT_BUDGET_BYTES);
  });

  it('then keeps the line items that fit, in order, and counts the rest', () => {
    const many = snapshot({ items: Array.from({ length: 250 }, (_, i) => item(`${'漢'.repeat(118)}${i}`, i)) });
    const fitted = fitSnapshot(many, 16 * 1024);
    expect(jsonBytes(fitted.snapshot)).toBeLessThanOrEqual(16 * 1024);
    expect(fitted.snapshot.items.map((i) => i.unitPriceMinor)).toEqual(many.items.slice(0, fitted.snapshot.items.length).map((i) => i.unitPriceMinor));
    expect(fitted.snapshot.items.length + fitted.snapshot.itemsOmitted!).toBe(250);
    expect(fitSnapshot(fitted.snapshot, 16 * 1024)).toEqual({ snapshot: fitted.snapshot, trimmed: false });
  });
});
