/**
 * Constant-time HMAC checks for the three platforms, always over the exact bytes received.
 *
 * Shopify and WooCommerce sign alike (base64 HMAC-SHA256 of the body); Stripe signs
 * `${t}.${body}` in hex and may send several v1 signatures while a secret is rolled.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Verification } from './types.ts';

/** Stripe's default tolerance, applied in both directions (a far-future `t` is as suspect as a stale one). */
export const STRIPE_TOLERANCE_SECONDS = 300;

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export function hmacSha256(key: string, ...parts: Array<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** timingSafeEqual throws on a length mismatch, which would also leak the expected length. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Shopify and WooCommerce: true when any of the secrets produced `signature` for `raw`.
 * The header must be canonical base64 of 32 bytes: Node's lenient decoder would otherwise
 * accept stray characters around a valid value.
 */
export function base64HmacMatches(raw: Buffer, signature: string | undefined, secrets: readonly string[]): boolean {
  const value = signature?.trim() ?? '';
  if (!BASE64_SHA256.test(value)) return false;
  const got = Buffer.from(value, 'base64');
  // Every secret is tried, so the time taken does not tell which one matched.
  let matched = false;
  for (const secret of secrets) {
    if (secret && constantTimeEqual(hmacSha256(secret, raw), got)) matched = true;
  }
  return matched;
}

/** Stripe's `stripe-signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`. */
export function verifyStripeSignature(
  raw: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds = STRIPE_TOLERANCE_SECONDS,
): Verification {
  if (!header?.trim()) return { ok: false, reason: 'missing stripe-signature header' };
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // v0 is a test-mode scheme that is never checked.
    if (key === 'v1' && HEX_SHA256.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null) return { ok: false, reason: 'stripe-signature header has no timestamp (t=)' };
  if (signatures.length === 0) return { ok: false, reason: 'stripe-signature header has no v1 signature' };

  let matched = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = hmacSha256(secret, `${timestamp}.`, raw);
    for (const signature of signatures) if (constantTimeEqual(expected, signature)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'no stripe-signature v1 value matches the body' };
  const skew = nowSeconds - timestamp;
  if (Math.abs(skew) > toleranceSeconds) {
    const when = skew > 0 ? `${skew} s old` : `${-skew} s in the future`;
    return { ok: false, reason: `stripe-signature timestamp is ${when} (tolerance ${toleranceSeconds} s)` };
  }
  return { ok: true };
}
