/**
 * Reading platform payloads at the boundary: JSON that keeps ids above 2^53, times turned to
 * UTC, presentation fields cleaned to what the canonical model accepts, and zod messages that
 * name the offending field.
 */
import * as z from '../../core/zod.ts';
import { OrderSnapshot, PurchaseEvent, type Address } from '../../core/domain/purchase.ts';
import type { Parsed } from './types.ts';

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON body. Integer literals that a double cannot hold exactly become strings, so
 * `820982911946154508` is read as "820982911946154508" rather than silently rounded.
 * (Node 20's JSON.parse reviver has no access to the source text.)
 */
export function readJson(raw: Buffer): JsonBody {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ok: false, message: 'body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, message: 'body is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, which may hold personal data.
    return { ok: false, message: 'body is not valid JSON' };
  }
  const safe = quoteUnsafeIntegers(text);
  return { ok: true, value: safe === text ? value : JSON.parse(safe) };
}

/**
 * Wraps in quotes every integer literal outside a string that is not a safe integer.
 * Expects syntactically valid JSON (readJson checks that first).
 */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      i += 1;
      while (i < text.length && isNumberChar(text.charCodeAt(i))) i += 1;
      const token = text.slice(start, i);
      if (isIntegerToken(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = i;
      }
    } else {
      i += 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isNumberChar(c: number): boolean {
  return isDigit(c) || c === MINUS || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

function isIntegerToken(token: string): boolean {
  for (let k = token.startsWith('-') ? 1 : 0; k < token.length; k += 1) {
    if (!isDigit(token.charCodeAt(k))) return false;
  }
  return true;
}

/** Index just past the closing quote of the string opening at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i += 1;
  }
  return i;
}

// --- Field schemas -------------------------------------------------------------------------

/** A platform id: digits as a string, whether it arrived as a number or (above 2^53) a string. */
export const Id = z.pipe(
  z.union([z.string().check(z.regex(/^\d{1,30}$/, 'digits')), z.number().check(z.int(), z.nonnegative())]),
  z.transform((v) => String(v)),
);

export const CurrencyCode = z.pipe(
  z.string().check(z.regex(/^[A-Za-z]{3}$/, 'a three-letter currency code')),
  z.transform((c) => c.toUpperCase()),
);

/** A non-negative decimal amount ("359.97", or a JSON number where WooCommerce sends one). */
export const Amount = z.union([
  z.string().check(z.trim(), z.regex(/^\d+(\.\d+)?$/, 'a decimal amount such as "12.50"')),
  z.number().check(z.nonnegative()),
]);

function toUtc(value: string, ctx: z.core.ParsePayload): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.issues.push({ code: 'custom', message: 'not a valid time', input: value });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
}

/** An ISO 8601 time with a zone, normalised to UTC so that times compare as strings. */
export const ZonedTime = z.pipe(z.iso.datetime({ offset: true }), z.transform(toUtc));

/** WooCommerce `*_gmt` fields carry no zone ("2026-07-10T11:00:00") but are UTC. */
export const GmtTime = z.pipe(
  z.pipe(z.string(), z.transform((s) => (/(Z|[+-]\d\d:\d\d)$/i.test(s.trim()) ? s.trim() : `${s.trim()}Z`))),
  ZonedTime,
);

export const UnixSeconds = z.number().check(z.int(), z.nonnegative(), z.lte(1e11));

export function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** A field shown to people but not needed: a wrong type reads as absent instead of rejecting the order. */
export const optionalText = z.fallback(z.nullish(z.string()), null);
export const optionalNumber = z.fallback(z.nullish(z.number()), null);

// --- Cleaning for the canonical model -------------------------------------------------------

/** Trimmed, empty as null, cut to the model's limit (never inside a surrogate pair). */
export function text(value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const cut = trimmed.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The first of `values` that is not blank, cleaned as by {@link text}. */
export function firstText(max: number, ...values: Array<string | null | undefined>): string | null {
  for (const value of values) {
    const cleaned = text(value, max);
    if (cleaned) return cleaned;
  }
  return null;
}

const EmailField = OrderSnapshot.shape.email;

/** An address the model accepts, else null: an odd address must not cost us the order's facts. */
export function email(...candidates: Array<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    const value = candidate?.trim();
    if (value && EmailField.safeParse(value).success) return value;
  }
  return null;
}

export function locale(value: string | null | undefined): string | null {
  return text(value?.replace(/_/g, '-'), 35);
}

export function address(fields: {
  country: string | null | undefined;
  region: string | null | undefined;
  city: string | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}): Address | null {
  const country = fields.country?.trim().toUpperCase() ?? '';
  const result: Address = {
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    region: text(fields.region, 64),
    city: text(fields.city, 120),
    ...coordinates(fields.latitude, fields.longitude),
  };
  return result.country || result.region || result.city || result.latitude !== null ? result : null;
}

/** 0,0 is what an address that was never geocoded often carries. */
function coordinates(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): { latitude: number | null; longitude: number | null } {
  const valid =
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180 &&
    !(latitude === 0 && longitude === 0);
  return valid ? { latitude, longitude } : { latitude: null, longitude: null };
}

/** First word of a full name, and the rest ("Lucía Fernández García" → Lucía, Fernández García). */
export function splitName(full: string | null | undefined): { first: string | null; last: string | null } {
  const words = full?.trim().split(/\s+/).filter(Boolean) ?? [];
  return { first: text(words[0], 100), last: text(words.slice(1).join(' '), 100) };
}

// --- Results --------------------------------------------------------------------------------

export function invalid(message: string): Parsed {
  return { kind: 'invalid', message };
}

/** "orders/paid payload: line_items[0].price: a decimal amount such as "12.50"" */
export function describeIssues(subject: string, error: z.core.$ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${subject}: ${shown.join('; ')}${more}`;
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Validates a payload against the fields its topic needs. */
export function readPayload<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  subject: string,
): { ok: true; data: z.output<T> } | { ok: false; parsed: Parsed } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, parsed: invalid(describeIssues(subject, result.error)) };
}

/** The last check before an event leaves the adapter: it must be a valid canonical event. */
export function finish(event: PurchaseEvent): Parsed {
  const result = PurchaseEvent.safeParse(event);
  if (result.success) return { kind: 'event', event: result.data };
  return invalid(describeIssues(`${event.topic} normalised event`, result.error));
}

/** Dedupe keys are at most 200 characters in the model; header values are not ours to trust. */
export function headerValue(headers: Record<string, string | undefined>, name: string, max = 150): string | null {
  const value = headers[name]?.trim();
  return value && value.length <= max ? value : null;
}
