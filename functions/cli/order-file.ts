/**
 * `preview --order FILE`: an order as JSON in any shape the product reads, told apart by its
 * fields: the canonical OrderSnapshot; a Shopify order (a webhook body, or the Admin API's
 * `{"order": …}`); a WooCommerce order (REST v3, as its webhooks send it); a Stripe event (or a bare
 * Checkout Session). Platform shapes go through the webhook adapters, so a preview reads an order
 * exactly as intake does.
 */
import { readFileSync } from 'node:fs';
import { chooseLanguage } from '../core/domain/language.ts';
import type { NoteContext } from '../core/domain/note.ts';
import { signerFor } from '../core/domain/note-context.ts';
import { toMinorUnits } from '../core/domain/money.ts';
import { OrderSnapshot, type Platform } from '../core/domain/purchase.ts';
import type { Language, Stage, StoreConfig } from '../core/domain/store.ts';
import { adapterFor } from '../adapters/webhooks/index.ts';
import { readJson } from '../adapters/webhooks/payload.ts';

export class OrderFileError extends Error {
  override name = 'OrderFileError';
}

const NAMES: Record<Platform, string> = { shopify: 'a Shopify order', woocommerce: 'a WooCommerce order', stripe: 'a Stripe event' };

export function readOrderFile(path: string): OrderSnapshot {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new OrderFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  // Ids beyond 2^53 are kept as written (the adapters read them the same way).
  const json = readJson(raw);
  if (!json.ok) throw new OrderFileError(`${path}: ${json.message}`);
  const value = json.value;

  const canonical = OrderSnapshot.safeParse(value);
  if (canonical.success) return canonical.data;
  const shape = shapeOf(value);
  if (!shape) {
    const issues = canonical.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new OrderFileError(
      `${path} is not an order this command reads: neither an OrderSnapshot (its problems below), nor a Shopify or WooCommerce order, nor a Stripe event:\n${issues.join('\n')}`,
    );
  }
  const parsed = adapterFor(shape.platform).parse({ headers: shape.headers, rawBody: shape.body ?? raw });
  if (parsed.kind === 'event' && parsed.event.kind === 'order' && parsed.event.snapshot) return parsed.event.snapshot;
  throw new OrderFileError(`${path} looks like ${NAMES[shape.platform]} but ${unreadable(shape.platform, parsed, value as Record<string, unknown>)}`);
}

interface Shape {
  platform: Platform;
  headers: Record<string, string>;
  /** The body to parse when it is not the file itself (an unwrapped or wrapped payload). */
  body?: Buffer;
}

function shapeOf(value: unknown): Shape | null {
  if (!isObject(value)) return null;
  // The Admin API wraps an order: {"order": {…}}.
  if (isObject(value.order) && 'line_items' in value.order && !('line_items' in value)) {
    return { platform: 'shopify', headers: { 'x-shopify-topic': 'orders/paid' }, body: Buffer.from(JSON.stringify(value.order)) };
  }
  if ('line_items' in value && ('date_created_gmt' in value || ('billing' in value && 'total' in value && !('total_price' in value)))) {
    return { platform: 'woocommerce', headers: { 'x-wc-webhook-topic': 'order.updated' } };
  }
  if ('line_items' in value) return { platform: 'shopify', headers: { 'x-shopify-topic': 'orders/paid' } };
  if (value.object === 'event' || ('type' in value && isObject(value.data))) return { platform: 'stripe', headers: {} };
  if (value.object === 'checkout.session') {
    const event = { id: 'evt_preview', object: 'event', type: 'checkout.session.completed', created: typeof value.created === 'number' ? value.created : 0, livemode: false, data: { object: value } };
    return { platform: 'stripe', headers: {}, body: Buffer.from(JSON.stringify(event)) };
  }
  return null;
}

/** Why a platform payload gives no order to preview, naming the field where one is wrong. */
function unreadable(platform: Platform, parsed: ReturnType<ReturnType<typeof adapterFor>['parse']>, value: Record<string, unknown>): string {
  if (parsed.kind === 'invalid') return `cannot be read: ${parsed.message}`;
  if (platform === 'stripe') {
    const type = String(value.type ?? 'checkout.session.completed');
    const session = isObject(value.data) && isObject(value.data.object) ? value.data.object : value;
    if (type.startsWith('checkout.session.')) {
      return `has no paid order in it: data.object.payment_status is "${String(session.payment_status)}" (a note follows a paid checkout)`;
    }
    return `a ${type} event carries no order details: give the checkout.session.completed event of the order`;
  }
  if (platform === 'woocommerce') return `has no purchase in it: status "${String(value.status)}" is not an order anyone paid for`;
  return 'has no order details in it';
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
