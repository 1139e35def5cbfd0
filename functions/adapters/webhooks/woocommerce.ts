/**
 * WooCommerce webhooks: base64 HMAC-SHA256 of the raw body, then the REST v3 order mapped from
 * its status. WooCommerce builds the payload at delivery time and coalesces deliveries, so the
 * status is read as a state, never as a transition.
 *
 * - pending, on-hold: placed. processing: paid. completed: paid and fulfilled.
 * - cancelled: cancelled at date_modified_gmt. refunded: fully refunded at date_modified_gmt.
 * - trash: cancelled, without a snapshot (no note should go out for a binned order).
 * - failed, checkout-draft: ignored; nobody bought anything and their data is not ours to keep.
 * - any other (plugin) status: the snapshot alone.
 * date_paid_gmt and date_completed_gmt, when set, always count: they outlive later statuses.
 */
import * as z from '../../core/zod.ts';
import { toMinorUnits } from '../../core/domain/money.ts';
import type { LineItem, OrderEvent, OrderFacts, OrderSnapshot } from '../../core/domain/purchase.ts';
import {
  Amount,
  CurrencyCode,
  GmtTime,
  Id,
  address,
  email,
  finish,
  firstText,
  headerValue,
  invalid,
  locale,
  optionalText,
  readJson,
  readPayload,
} from './payload.ts';
import { base64HmacMatches } from './signatures.ts';
import type { PlatformAdapter, WebhookRequest } from './types.ts';

const ORDER_TOPICS = new Set(['order.created', 'order.updated', 'order.restored']);
const NOT_PURCHASES = new Set(['failed', 'checkout-draft']);

export const woocommerce: PlatformAdapter = {
  platform: 'woocommerce',
  topics: [...ORDER_TOPICS],

  verify(request, store, secrets) {
    const signature = request.headers['x-wc-webhook-signature'];
    if (!signature) {
      return isCreationPing(request) ? { ok: true, ping: true } : { ok: false, reason: 'missing x-wc-webhook-signature header' };
    }
    if (!base64HmacMatches(request.rawBody, signature, secrets.map(wpSpecialcharsDecode))) {
      return { ok: false, reason: "x-wc-webhook-signature does not match the body under the store's secret" };
    }
    const expected = store.platforms.woocommerce?.sourceUrl;
    if (expected) {
      const source = request.headers['x-wc-webhook-source'];
      if (!source) return { ok: false, reason: `missing x-wc-webhook-source header (expected ${expected})` };
      if (normaliseSource(source) !== normaliseSource(expected)) {
        return { ok: false, reason: `delivery is from ${source.trim()}, not ${expected}` };
      }
    }
    return { ok: true };
  },

  parse(request) {
    if (isCreationPing(request)) return { kind: 'ignored', topic: 'ping' };
    const topic = headerValue(request.headers, 'x-wc-webhook-topic', 64);
    if (!topic) return invalid('missing or malformed x-wc-webhook-topic header');
    if (!ORDER_TOPICS.has(topic)) return { kind: 'ignored', topic };
    const body = readJson(request.rawBody);
    if (!body.ok) return invalid(`${topic}: ${body.message}`);
    const read = readPayload(WooOrder, body.value, `${topic} payload`);
    if (!read.ok) return read.parsed;
    const order = read.data;
    if (NOT_PURCHASES.has(order.status)) return { kind: 'ignored', topic };
    return finish(orderEvent(topic, order));
  },
};

/**
 * Saving a webhook in WooCommerce POSTs `webhook_id=<id>` as a form, unsigned and without any
 * X-WC-Webhook header, and expects a 200. Only that exact shape is let through unsigned.
 */
function isCreationPing(request: WebhookRequest): boolean {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return false;
  const wcHeaders = Object.entries(request.headers).filter(([name, v]) => v !== undefined && name.startsWith('x-wc-webhook-'));
  return wcHeaders.length === 0 && request.rawBody.length <= 40 && /^webhook_id=\d{1,20}$/.test(request.rawBody.toString('latin1'));
}

/**
 * WooCommerce keys the HMAC with `wp_specialchars_decode($secret, ENT_QUOTES)`, so a secret
 * stored as "p&amp;ss" signs as "p&ss". One pass, like PHP's strtr: "&amp;lt;" becomes "&lt;".
 */
export function wpSpecialcharsDecode(secret: string): string {
  return secret.replace(ENTITY, (entity: string, named?: string, decimal?: string, hex?: string) => {
    return ENTITY_CHARS[named ?? decimal ?? hex ?? ''] ?? entity;
  });
}

const ENTITY = /&(amp|lt|gt|quot);|&#0*(38|60|62|34|39);|&#[xX]0*(26|22|27);/g;
const ENTITY_CHARS: Record<string, string> = {
  amp: '&',
  '38': '&',
  '26': '&',
  lt: '<',
  '60': '<',
  gt: '>',
  '62': '>',
  quot: '"',
  '34': '"',
  '22': '"',
  '39': "'",
  '27': "'",
};

/** home_url('/') ends in a slash; the configured URL may not. */
function normaliseSource(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return null;
  }
}

// --- The order ------------------------------------------------------------------------------

const WooAddress = z.fallback(
  z.nullish(
    z.object({ first_name: optionalText, last_name: optionalText, city: optionalText, state: optionalText, country: optionalText, email: optionalText }),
  ),
  null,
);

const WooMeta = z.fallback(
  z.nullish(
    z.array(
      z.object({
        key: optionalText,
        value: z.optional(z.unknown()),
        display_key: optionalText,
        display_value: z.optional(z.unknown()),
      }),
    ),
  ),
  null,
);

const WooLineItem = z.object({
  name: optionalText,
  parent_name: optionalText,
  product_id: z.fallback(z.nullish(Id), null),
  variation_id: z.fallback(z.nullish(z.number().check(z.int())), null),
  quantity: z.fallback(z.number().check(z.int()), 0),
  sku: optionalText,
  price: z.fallback(z.nullish(Amount), null),
  subtotal: z.fallback(z.nullish(Amount), null),
  meta_data: WooMeta,
});

const WooOrder = z.object({
  id: Id,
  number: z.fallback(z.nullish(z.union([z.string(), z.number()])), null),
  status: z.string().check(z.trim(), z.minLength(1)),
  currency: CurrencyCode,
  total: Amount,
  date_created_gmt: GmtTime,
  date_modified_gmt: z.nullish(GmtTime),
  date_paid_gmt: z.nullish(GmtTime),
  date_completed_gmt: z.nullish(GmtTime),
  billing: WooAddress,
  shipping: WooAddress,
  line_items: z.array(WooLineItem),
  meta_data: WooMeta,
});
type WooOrder = z.output<typeof WooOrder>;

function orderEvent(topic: string, order: WooOrder): OrderEvent {
  const at = order.date_modified_gmt ?? order.date_created_gmt;
  const event: OrderEvent = {
    kind: 'order',
    platform: 'woocommerce',
    topic,
    // X-WC-Webhook-Delivery-ID is new on every delivery; the order's state is what repeats.
    dedupeKeys: [`woocommerce:${order.id}:${order.status}:${at}`.slice(0, 200)],
    orderId: order.id,
    occurredAt: at,
    facts: orderFacts(order, at),
  };
  if (order.status !== 'trash') event.snapshot = snapshotOf(order);
  return event;
}

function orderFacts(order: WooOrder, at: string): OrderFacts {
  const facts: OrderFacts = {};
  // The dates outlive the status: a refunded order still says when it was paid and completed.
  if (order.date_paid_gmt) facts.paidAt = order.date_paid_gmt;
  if (order.date_completed_gmt) facts.fulfilledAt = order.date_completed_gmt;
  switch (order.status) {
    case 'processing':
      facts.paidAt ??= at;
      break;
    case 'completed':
      facts.fulfilledAt ??= at;
      facts.paidAt ??= facts.fulfilledAt;
      break;
    case 'cancelled':
    case 'trash':
      facts.cancelledAt = at;
      break;
    case 'refunded':
      facts.refundedAt = at;
      facts.fullyRefunded = true;
      break;
  }
  return facts;
}

/** Keys multilingual plugins store the order's language under, most specific first. */
const LANGUAGE_KEYS = ['wpml_language', '_wpml_language', 'pll_language', '_pll_language', 'lang'];

function snapshotOf(order: WooOrder): OrderSnapshot {
  const place = order.shipping?.country ? order.shipping : order.billing;
  return {
    orderName: `#${firstText(63, String(order.number ?? '')) ?? order.id}`,
    email: email(order.billing?.email),
    firstName: firstText(100, order.billing?.first_name, order.shipping?.first_name),
    lastName: firstText(100, order.billing?.last_name, order.shipping?.last_name),
    locale: locale(metaText(order.meta_data, LANGUAGE_KEYS)),
    address: place ? address({ country: place.country, region: place.state, city: place.city }) : null,
    items: order.line_items.flatMap((item) => lineItem(item, order.currency)).slice(0, 250),
    totalMinor: toMinorUnits(order.total, order.currency) ?? Number.NaN,
    currency: order.currency,
    createdAt: order.date_created_gmt,
    test: false,
  };
}

function lineItem(item: z.output<typeof WooLineItem>, currency: string): LineItem[] {
  const isVariation = Boolean(item.variation_id);
  const title = firstText(300, isVariation ? item.parent_name : null, item.name);
  const unitPriceMinor = unitPrice(item, currency);
  if (!title || item.quantity < 1 || unitPriceMinor === null) return [];
  return [
    {
      title,
      variant: isVariation ? variantName(item.meta_data) : null,
      quantity: item.quantity,
      sku: firstText(100, item.sku),
      productId: item.product_id && item.product_id !== '0' ? item.product_id : null,
      unitPriceMinor,
    },
  ];
}

function unitPrice(item: z.output<typeof WooLineItem>, currency: string): number | null {
  if (item.price !== null && item.price !== undefined) return toMinorUnits(item.price, currency);
  const subtotal = item.subtotal === null || item.subtotal === undefined ? null : toMinorUnits(item.subtotal, currency);
  return subtotal === null || item.quantity < 1 ? null : Math.round(subtotal / item.quantity);
}

type Meta = z.output<typeof WooMeta>;

/** Attribute values of a variation line ("Sage / Queen"); keys starting with _ are internal. */
function variantName(meta: Meta): string | null {
  const values = (meta ?? [])
    .filter((m) => m.key && !m.key.startsWith('_') && typeof m.display_value === 'string')
    .map((m) => (m.display_value as string).trim())
    .filter(Boolean);
  return firstText(200, values.join(' / '));
}

function metaText(meta: Meta, keys: string[]): string | null {
  for (const key of keys) {
    const value = meta?.find((m) => m.key === key)?.value;
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}
