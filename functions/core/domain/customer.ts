/**
 * What we keep about a customer of one store, since platforms no longer send it (Shopify
 * removed orders_count and total_spent from orders): when they first bought, how often, and
 * how much. It tells a first-time customer from a long-time one.
 */
import type { Loyalty, Segment } from './store.ts';

export interface CustomerProfile {
  customerKey: string;
  storeId: string;
  email: string;
  firstName: string | null;
  /** Paid orders that still count (not cancelled, not fully refunded). */
  orderCount: number;
  firstOrderAt: string | null;
  /** Total spent per currency, in minor units. */
  spentMinor: Record<string, number>;
  /** Orders counted so far (`platform:id`): makes counting idempotent. */
  countedOrders: string[];
  /** Last time the customer wrote to us (a reply, not an auto-reply). */
  lastReplyAt: string | null;
  /** Escalations not yet resolved. */
  openEscalations: number;
  /** The one open now, if any: a new problem joins it rather than opening another. */
  openEscalationId: string | null;
  /** A problem of theirs was resolved: the next note acknowledges it. */
  lastResolvedAt: string | null;
}

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
