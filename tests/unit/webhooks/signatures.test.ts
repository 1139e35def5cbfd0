import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base64HmacMatches,
  constantTimeEqual,
  verifyStripeSignature,
} from '../../../functions/adapters/webhooks/signatures.ts';
import { signShopify, signStripe } from '../../support/sign-webhook.ts';

const body = Buffer.from('{"id":1042,"total_price":"340.00"}');

describe('base64 HMAC (Shopify and WooCommerce)', () => {
  it('matches when any of the secrets signed the body', () => {
    const signature = signShopify(body, 'second');
    expect(base64HmacMatches(body, signature, ['first', 'second'])).toBe(true);
    expect(base64HmacMatches(body, signature, ['first'])).toBe(false);
  });

  it('does not match without a header, without secrets, or with an empty secret', () => {
    expect(base64HmacMatches(body, undefined, ['first'])).toBe(false);
    expect(base64HmacMatches(body, signShopify(body, 'first'), [])).toBe(false);
    expect(base64HmacMatches(body, signShopify(body, ''), [''])).toBe(false);
  });

  it('only accepts the canonical base64 of a SHA-256 digest', () => {
    const signature = signShopify(body, 'first');
    const urlSafe = signature.replace(/\+/g, '-').replace(/\//g, '_');
    expect(base64HmacMatches(body, signature.replace(/=$/, ''), ['first'])).toBe(false);
    expect(base64HmacMatches(body, `${signature} `.repeat(2), ['first'])).toBe(false);
    expect(base64HmacMatches(body, 'c2hvcnQ=', ['first'])).toBe(false);
    if (urlSafe !== signature) expect(base64HmacMatches(body, urlSafe, ['first'])).toBe(false);
  });

  it('compares buffers of different lengths without throwing', () => {
    expect(constantTimeEqual(Buffer.alloc(32), Buffer.alloc(31))).toBe(false);
    expect(constantTimeEqual(Buffer.alloc(32, 1), Buffer.alloc(32, 1))).toBe(true);
  });
});

describe('Stripe signature', () => {
  it('judges the timestamp by the clock it is given, not the system clock', () => {
    expect(verifyStripeSignature(body, signStripe(body, 'whsec_x', 1000), ['whsec_x'], 1000)).toEqual({ ok: true });
    expect(verifyStripeSignature(body, signStripe(body, 'whsec_x', 1000), ['whsec_x'], 1301).ok).toBe(false);
  });

  it('honours a custom tolerance', () => {
    const header = signStripe(body, 'whsec_x', 1000);
    expect(verifyStripeSignature(body, header, ['whsec_x'], 1010, 5).ok).toBe(false);
    expect(verifyStripeSignature(body, header, ['whsec_x'], 1004, 5)).toEqual({ ok: true });
  });

  it('accepts spaces after the commas and any order of entries', () => {
    const v1 = createHmac('sha256', 'whsec_x').update('1000.').update(body).digest('hex');
    expect(verifyStripeSignature(body, `v1=${'0'.repeat(64)}, v1=${v1}, t=1000`, ['whsec_x'], 1000)).toEqual({ ok: true });
  });

  it('names what is wrong with the header', () => {
    expect(verifyStripeSignature(body, '', ['whsec_x'], 1000)).toEqual({ ok: false, reason: expect.stringContaining('missing') });
    expect(verifyStripeSignature(body, `v1=${'a'.repeat(64)}`, ['whsec_x'], 1000)).toEqual({
      ok: false,
      reason: expect.stringContaining('timestamp'),
    });
    expect(verifyStripeSignature(body, 't=1000,v1=zz', ['whsec_x'], 1000)).toEqual({
      ok: false,
      reason: expect.stringContaining('no v1'),
    });
    expect(verifyStripeSignature(body, `t=1000,v1=${'a'.repeat(64)}`, ['whsec_x'], 1000)).toEqual({
      ok: false,
      reason: expect.stringContaining('matches'),
    });
  });
});
