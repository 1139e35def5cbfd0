/**
 * How long a store keeps what it holds about its customers (GDPR Art. 5(1)(e): no longer than
 * needed, a period per kind of data). Every item about a customer carries its expiry
 * (`expiresAt`, the table's TTL attribute), counted from when it was last written; raw mail and
 * whole payloads expire on the bucket's lifecycle rules (the local runtime sweeps its folder).
 *
 * - orders: the order and the customer's profile (counts, first order), counted from the order's
 *   latest change. Segments need the history: "long-time" is two years of ordering.
 * - notes: a planned or sent note, counted from its due time.
 * - conversations: the customer's replies, the store's answers and escalations, from when written.
 * - rawMail: a received message as it arrived, from when it arrived.
 */
import * as z from '../zod.ts';
import { parseDuration } from './duration.ts';

export const RETENTION_KINDS = ['orders', 'notes', 'conversations', 'rawMail'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

const DAY_MS = 86_400_000;
/** Shorter would lose a note before it is due, or a reply before anyone read it. */
const MIN_DAYS = 30;
/** S3 lifecycle rules and DynamoDB TTL take whole days and seconds; ten years is the sane end. */
const MAX_DAYS = 3650;

const Days = z.string().check(
  z.refine(
    (text) => {
      const ms = parseDuration(text);
      return ms !== null && ms % DAY_MS === 0 && ms >= MIN_DAYS * DAY_MS && ms <= MAX_DAYS * DAY_MS;
    },
    { message: `whole days or weeks between ${MIN_DAYS} and ${MAX_DAYS} days, such as "P90D" or "P104W"` },
  ),
);

export const DEFAULT_RETENTION = {
  orders: 'P1095D',
  notes: 'P365D',
  conversations: 'P730D',
  rawMail: 'P90D',
} as const satisfies Record<RetentionKind, string>;

export const Retention = z._default(
  z.object({
    orders: z._default(Days, DEFAULT_RETENTION.orders),
    notes: z._default(Days, DEFAULT_RETENTION.notes),
    conversations: z._default(Days, DEFAULT_RETENTION.conversations),
    rawMail: z._default(Days, DEFAULT_RETENTION.rawMail),
  }),
  DEFAULT_RETENTION,
);
export type Retention = z.infer<typeof Retention>;

export function retentionDays(retention: Retention, kind: RetentionKind): number {
  return parseDuration(retention[kind])! / DAY_MS;
}

/** The TTL value (Unix seconds) of an item of `kind` written or last changed at `from`. */
export function expiresAt(retention: Retention, kind: RetentionKind, from: string | Date): number {
  const start = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Math.floor((start + parseDuration(retention[kind])!) / 1000);
}

/** Received mail that joined no conversation (unmatched, bounces, auto-replies): kept a month for inquiries. */
export const UNMATCHED_MAIL_DAYS = 30;
/** A data export waits this long for the store's owner to send it on (GDPR Art. 12(3): a month). */
export const EXPORT_DAYS = 30;

/** The longest raw mail of any store is kept: what mail never filed under a store is kept for. */
export function longestRawMailDays(stores: ReadonlyArray<{ retention: Retention }>): number {
  return Math.max(UNMATCHED_MAIL_DAYS, ...stores.map((s) => retentionDays(s.retention, 'rawMail')));
}

/**
 * Expiry of the items of one deployment: by store, with the defaults for a store no longer
 * configured; counted from now (the clock port) unless a later start is given (a note's due time).
 */
export interface ExpiryPolicy {
  expiresAt(storeId: string, kind: RetentionKind, from?: string | Date): number;
}

export function expiryPolicy(stores: ReadonlyArray<{ id: string; retention: Retention }>, clock: { now(): Date }): ExpiryPolicy {
  const byStore = new Map(stores.map((s) => [s.id, s.retention]));
  return {
    expiresAt: (storeId, kind, from) => {
      const now = clock.now();
      const start = from === undefined ? now : new Date(Math.max(now.getTime(), new Date(from).getTime()));
      return expiresAt(byStore.get(storeId) ?? DEFAULT_RETENTION, kind, start);
    },
  };
}
