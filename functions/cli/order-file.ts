/**
 * `preview --order FILE`: an order as JSON, either in the canonical OrderSnapshot shape or as a
 * raw Shopify order (the body of an orders/* webhook, or an order from the Admin REST API).
 */
import { readFileSync } from 'node:fs';
import { chooseLanguage } from '../core/domain/language.ts';
import type { NoteContext } from '../core/domain/note.ts';
import { signerFor } from '../core/domain/note-context.ts';
import { toMinorUnits } from '../core/domain/money.ts';
import { OrderSnapshot } from '../core/domain/purchase.ts';
import type { Language, Stage, StoreConfig } from '../core/domain/store.ts';
import { adapterFor } from '../adapters/webhooks/index.ts';

export class OrderFileError extends Error {
  override name = 'OrderFileError';
}

export function readOrderFile(path: string): OrderSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OrderFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OrderFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  // A Shopify order wrapped the way the Admin API returns it: { "order": { … } }.
  const body = isObject(json) && isObject(json.order) && 'line_items' in json.order ? json.order : json;

  const canonical = OrderSnapshot.safeParse(body);
  if (canonical.success) return canonical.data;
  if (isObject(body) && 'line_items' in body) return fromShopify(path, body);
  const issues = canonical.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new OrderFileError(`${path} is neither an OrderSnapshot nor a Shopify order:\n${issues.join('\n')}`);
}

function fromShopify(path: string, order: object): OrderSnapshot {
  const parsed = adapterFor('shopify').parse({
    headers: { 'x-shopify-topic': 'orders/paid' },
    rawBody: Buffer.from(JSON.stringify(order)),
  });
  if (parsed.kind === 'event' && parsed.event.kind === 'order' && parsed.event.snapshot) return parsed.event.snapshot;
  const reason = parsed.kind === 'invalid' ? parsed.message : 'no order details in it';
  throw new OrderFileError(`${path} looks like a Shopify order but cannot be read: ${reason}`);
}

/**
 * The note for this order as if it were the customer's first: a single order says nothing of
 * the customer's history (use `--sample` to see the other segments).
 */
export function contextFromOrder(
  snapshot: OrderSnapshot,
  store: StoreConfig,
  stage: Stage,
  language: Language | null,
): NoteContext {
  return {
    storeId: store.id,
    storeName: store.name,
    stage,
    language:
      language ?? chooseLanguage({ locale: snapshot.locale, country: snapshot.address?.country ?? null }, store.language),
    variantSeed: `preview\n${snapshot.email ?? snapshot.orderName}\n${stage}`,
    customer: {
      firstName: snapshot.firstName?.trim() || null,
      orderCount: 1,
      yearsSinceFirstOrder: 0,
      segment: 'first-order',
      hadResolvedProblem: false,
    },
    orders: [
      {
        name: snapshot.orderName,
        items: snapshot.items,
        totalMinor: snapshot.totalMinor,
        currency: snapshot.currency,
        highValue: isHighValue(snapshot, store),
        stage: stage === 'thank-you' ? 'paid' : stage === 'shipped' ? 'fulfilled' : 'delivered',
        fulfillment: stage === 'thank-you' ? 'unfulfilled' : stage === 'shipped' ? 'in_transit' : 'delivered',
      },
    ],
    signer: signerFor(store, 'first-order'),
  };
}

/** The store's threshold, in the order's currency only (as the planner counts it). */
function isHighValue(snapshot: OrderSnapshot, store: StoreConfig): boolean {
  const threshold = toMinorUnits(store.highValueAt, store.currency);
  return snapshot.currency === store.currency && threshold !== null && snapshot.totalMinor >= threshold;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
