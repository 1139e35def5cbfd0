/** `npx followup preview --order FILE` with a Shopify order, a WooCommerce order and a Stripe event alike. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrderFile } from '../../../functions/cli/order-file.ts';
import { followup } from '../../support/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'followup-preview-'));
function variant(example: string, change: (json: any) => void): string {
  const json = JSON.parse(readFileSync(example, 'utf8'));
  change(json);
  const path = join(work, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('preview --order', () => {
  it('prints the note for a Shopify order', async () => {
    const run = await followup(['preview', '--stage', 'check-in', '--order', 'examples/webhooks/shopify/orders-paid.json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('To: "Maya" <maya.lindqvist@example.com>');
    expect(run.stdout).toMatch(/\n\n(Hi|Hello) Maya,\n/);
    expect(run.stdout).toContain('linen duvet cover');
  });

  it.each([
    ['examples/webhooks/shopify/orders-paid.json', { email: 'maya.lindqvist@example.com', firstName: 'Maya', locale: 'en', currency: 'USD', totalMinor: 34000 }],
    ['examples/webhooks/woocommerce/order.created.json', { email: 'lea.martin@example.com', firstName: 'Léa', locale: 'fr', currency: 'EUR', totalMinor: 6490 }],
    ['examples/webhooks/stripe/checkout.session.completed.json', { email: 'lucia.fernandez@example.com', firstName: 'Lucía', locale: 'es', currency: 'EUR', totalMinor: 5400 }],
  ])('reads %s as intake does', (file, expected) => {
    expect(readOrderFile(file)).toMatchObject(expected);
  });

  it('reads a bare Stripe Checkout Session as its completed event', () => {
    const path = join(work, 'session.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync('examples/webhooks/stripe/checkout.session.completed.json', 'utf8')).data.object));
    expect(readOrderFile(path)).toMatchObject({ email: 'lucia.fernandez@example.com', firstName: 'Lucía', currency: 'EUR', totalMinor: 5400 });
  });

  it('names the field a platform order is missing, and exits 1', async () => {
    const path = variant('examples/webhooks/woocommerce/order.created.json', (order) => delete order.currency);
    const run = await followup(['preview', '--stage', 'check-in', '--order', path]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('looks like a WooCommerce order but cannot be read');
    expect(run.stderr).toContain('currency');
    const shopify = variant('examples/webhooks/shopify/orders-paid.json', (order) => (order.total_price = 'lots'));
    expect(() => readOrderFile(shopify)).toThrow(/looks like a Shopify order but cannot be read: .*total_price: a decimal amount/);
  });

  it('says why an event or an order has nothing to preview', () => {
    expect(() => readOrderFile('examples/webhooks/stripe/charge.refunded.json')).toThrow(
      'a charge.refunded event carries no order details: give the checkout.session.completed event of the order',
    );
    expect(() => readOrderFile('tests/fixtures/webhooks/stripe/checkout-session-completed-unpaid.json')).toThrow('data.object.payment_status is "unpaid"');
    expect(() => readOrderFile('tests/fixtures/webhooks/woocommerce/order-updated-failed.json')).toThrow('status "failed" is not an order anyone paid for');
    const list = join(work, 'list.json');
    writeFileSync(list, '[1, 2]');
    expect(() => readOrderFile(list)).toThrow('is not an order this command reads');
  });
});
