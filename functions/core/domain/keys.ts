/**
 * Identifiers derived from what we know, so that retries and races arrive at the same key.
 *
 * Keys never carry an email address in clear: a customer is known by a hash of store and
 * address, which is also what logs may show.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case RFC 4648 base32 without padding: safe in email local parts, URLs and keys. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

function digest32(text: string, length: number): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, length);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** One customer of one store: 20 base32 characters (100 bits). */
export function customerKey(storeId: string, email: string): string {
  return digest32(`customer\n${storeId}\n${normaliseEmail(email)}`, 20);
}

/** An address across all stores, for bounces and complaints: 26 characters (130 bits). */
export function addressKey(email: string): string {
  return digest32(`address\n${normaliseEmail(email)}`, 26);
}

/** A note is identified by the order and stage that first planned it: 10 characters. */
export function noteId(orderRef: string, stage: string): string {
  return digest32(`note\n${orderRef}\n${stage}`, 10);
}

/** Short stable digest of a dedupe key, so the set of keys seen on an order stays small. */
export function dedupeDigest(key: string): string {
  return digest32(`dedupe\n${key}`, 16);
}

/** A number in [0, 1) that is stable for a seed: varies phrasing and minutes without randomness. */
export function stableFraction(seed: string): number {
  const bytes = createHash('sha256').update(seed).digest();
  return bytes.readUInt32BE(0) / 2 ** 32;
}

/** HMAC signatures for tokens we hand out (reply addresses, unsubscribe links). */
export class TokenSigner {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new RangeError('the signing secret must have at least 16 characters');
  }

  sign(purpose: string, payload: string, length = 16): string {
    return base32(createHmac('sha256', this.secret).update(`${purpose}\n${payload}`).digest()).slice(0, length);
  }

  verify(purpose: string, payload: string, signature: string, length = 16): boolean {
    if (signature.length !== length) return false;
    const expected = Buffer.from(this.sign(purpose, payload, length));
    const given = Buffer.from(signature.toLowerCase());
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
