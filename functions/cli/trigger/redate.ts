/**
 * Moves every time in a platform payload by the same amount, so that the event happens "now" on
 * the runtime's clock and the times around it keep their distances (an order paid two seconds
 * after it was placed still is). The payload is edited as text: every other byte, ids beyond
 * 2^53 included, stays as it was.
 */
import type { Platform } from '../../core/domain/purchase.ts';

/** ISO times in JSON strings: Shopify's with an offset, WooCommerce's without a zone. */
const ISO_TIME = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?"/g;
/** Stripe's Unix-second times: `created` and the `…_at` fields. */
const UNIX_TIME = /("(?:created|[a-z_]+_at)"\s*:\s*)(\d{9,10})(?![\d.])/g;

/**
 * The moment the payload describes: the newest of the resource's own times (Shopify, WooCommerce)
 * or the event's creation (Stripe). Null when it carries none (the redaction requests).
 */
export function eventTime(platform: Platform, payload: unknown): Date | null {
  if (!isObject(payload)) return null;
  const candidates: Date[] = [];
  const add = (value: unknown, reading: (v: string) => string) => {
    if (typeof value !== 'string') return;
    const at = new Date(reading(value));
    if (!Number.isNaN(at.getTime())) candidates.push(at);
  };
  switch (platform) {
    case 'shopify':
      for (const key of ['created_at', 'processed_at', 'updated_at']) add(payload[key], (v) => v);
      break;
    case 'woocommerce':
      // The _gmt fields are UTC without a zone designator.
      for (const key of ['date_created_gmt', 'date_modified_gmt']) add(payload[key], (v) => `${v}Z`);
      break;
    case 'stripe':
      if (typeof payload.created === 'number') candidates.push(new Date(payload.created * 1000));
      break;
  }
  return candidates.reduce<Date | null>((latest, at) => (latest && latest >= at ? latest : at), null);
}

/** The payload text with every time moved so that its event time is `now`. */
export function redate(platform: Platform, text: string, now: Date): string {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return text;
  }
  const anchor = eventTime(platform, payload);
  if (!anchor) return text;
  const shiftMs = now.getTime() - anchor.getTime();
  if (platform === 'stripe') {
    const shiftSeconds = Math.round(shiftMs / 1000);
    return text.replace(UNIX_TIME, (_match, key: string, seconds: string) => `${key}${Number(seconds) + shiftSeconds}`);
  }
  return text.replace(ISO_TIME, (match, clock: string, fraction: string | undefined, zone: string | undefined) => {
    const moved = shiftIso(clock, fraction ?? '', zone ?? '', shiftMs);
    return moved === null ? match : `"${moved}"`;
  });
}

/** One ISO time moved by `shiftMs`, written as it was: same zone or offset, same precision. */
function shiftIso(clock: string, fraction: string, zone: string, shiftMs: number): string | null {
  const offsetMinutes = zone === '' || zone === 'Z' ? 0 : offsetOf(zone);
  const at = Date.parse(`${clock}${fraction.slice(0, 4)}Z`) - offsetMinutes * 60_000;
  if (Number.isNaN(at)) return null;
  const local = new Date(at + shiftMs + offsetMinutes * 60_000).toISOString();
  const digits = fraction.length - 1;
  const movedFraction = digits > 0 ? `.${local.slice(20, 23).padEnd(digits, '0').slice(0, digits)}` : '';
  return `${local.slice(0, 19)}${movedFraction}${zone}`;
}

function offsetOf(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
