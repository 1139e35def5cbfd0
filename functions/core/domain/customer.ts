/**
 * What we keep about a customer of one store, since platforms no longer send it (Shopify
 * removed orders_count and total_spent from orders): when they first bought, how often, and
 * how much. It tells a first-time customer from a long-time one.
 */
import * as z from '../zod.ts';
import type { Loyalty } from './store.ts';
import type { Segment } from './terms.ts';

/** A customer's profile: the one description of its shape, checked whenever one is read back. */
export const CustomerProfile = z.object({
  customerKey: z.string(),
  storeId: z.string(),
  email: z.string(),
  firstName: z.nullable(z.string()),
  /** Paid orders that still count (not cancelled, not fully refunded); never below zero. */
  orderCount: z.pipe(z.number().check(z.int()), z.transform((n) => Math.max(0, n))),
  firstOrderAt: z.nullable(z.string()),
  /** Total spent per currency, in minor units. */
  spentMinor: z.record(z.string(), z.number()),
  /** Orders counted so far (`platform:id`): makes counting idempotent. */
  countedOrders: z.array(z.string()),
  /** Last time the customer wrote to us (a reply, not an auto-reply). */
  lastReplyAt: z.nullable(z.string()),
  /** Escalations not yet resolved. */
  openEscalations: z.pipe(z.number().check(z.int()), z.transform((n) => Math.max(0, n))),
  /** The one open now, if any: a new problem joins it rather than opening another. */
  openEscalationId: z.nullable(z.string()),
  /** A problem of theirs was resolved: the next note acknowledges it. */
  lastResolvedAt: z.nullable(z.string()),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

const YEAR_MS = 365.25 * 86_400_000;

export function yearsSince(from: string | null, now: Date): number {
  if (!from) return 0;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / YEAR_MS));
}

/**
 * First order, returning, or long-time: by paid orders, or by tenure for a customer who has
 * come back at least once.
 */
export function segmentOf(
  profile: Pick<CustomerProfile, 'orderCount' | 'firstOrderAt'>,
  loyalty: Loyalty,
  now: Date,
): Segment {
  const count = profile.orderCount;
  if (count >= loyalty.orders) return 'long-time';
  if (count >= 2) {
    const tenure = profile.firstOrderAt ? (now.getTime() - Date.parse(profile.firstOrderAt)) / YEAR_MS : 0;
    return tenure >= loyalty.years ? 'long-time' : 'returning';
  }
  return 'first-order';
}
