/**
 * What fits in one stored item. A DynamoDB item holds at most 400 KB, and an order or a reply
 * that does not fit would fail on every retry (a platform then disables its webhook; a reply is
 * lost). The item keeps what the product uses: the line items a note and the console show, the
 * customer's words up to a length a person reads. The whole payload or raw mail is kept aside
 * (a bucket, the local data folder).
 */
import type { LineItem, OrderSnapshot } from './purchase.ts';

/** An order's snapshot stays well inside an item, beside its facts, dedupe keys and copies in escalations. */
export const SNAPSHOT_BUDGET_BYTES = 64 * 1024;
/** The customer's words kept with a message or an escalation: far more than anyone writes by hand. */
export const WORDS_LIMIT = 20_000;
/** A subject line: RFC 5322's line length. */
export const SUBJECT_LIMIT = 998;

const SHORT = { title: 120, variant: 60, sku: 40 } as const;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Text cut to `limit` characters (whole code points), marked where it was cut. */
export function fitText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // A code point is one or two UTF-16 units: the first 2 × limit units hold at least `limit` of them.
  const head = text.slice(0, limit * 2);
  const chars = Array.from(head);
  if (head.length === text.length && chars.length <= limit) return text;
  return `${chars.slice(0, limit - 4).join('')} […]`;
}

export function fitWords(text: string): string {
  return fitText(text, WORDS_LIMIT);
}

/**
 * The snapshot as it is when it fits the budget; else with long names shortened, and then with
 * as many line items as fit (the rest counted in `itemsOmitted`). `trimmed` says whether anything
 * was left out, so the caller keeps the whole payload.
 */
export function fitSnapshot(snapshot: OrderSnapshot, budget = SNAPSHOT_BUDGET_BYTES): { snapshot: OrderSnapshot; trimmed: boolean } {
  if (jsonBytes(snapshot) <= budget) return { snapshot, trimmed: false };
  const items = snapshot.items.map(shortened);
  const base = jsonBytes({ ...snapshot, items: [], itemsOmitted: snapshot.items.length });
  const kept: LineItem[] = [];
  let size = base;
  for (const item of items) {
    const cost = jsonBytes(item) + 1;
    if (size + cost > budget) break;
    kept.push(item);
    size += cost;
  }
  const omitted = (snapshot.itemsOmitted ?? 0) + items.length - kept.length;
  const fitted: OrderSnapshot = { ...snapshot, items: kept };
  if (omitted > 0) fitted.itemsOmitted = omitted;
  return { snapshot: fitted, trimmed: true };
}

function shortened(item: LineItem): LineItem {
  return {
    ...item,
    title: fitText(item.title, SHORT.title),
    variant: item.variant === null ? null : fitText(item.variant, SHORT.variant),
    sku: item.sku === null ? null : fitText(item.sku, SHORT.sku),
  };
}
