/**
 * Shopify webhooks: HMAC over the raw body with any of the store's client secrets (two during a
 * rotation), then the REST resource of the topic mapped to the canonical event.
 *
 * occurredAt is the resource's own `updated_at` (else `X-Shopify-Triggered-At`): it versions the
 * body we hold, and a retry hours later still carries the body from trigger time, so ordering
 * snapshots by it keeps the newest state even when deliveries arrive out of order.
 */
import { createHash } from 'node:crypto';
import * as z from '../../core/zod.ts';
import { toMinorUnits } from '../../core/domain/money.ts';
import {
  ShipmentStatus,
  type LineItem,
  type OrderEvent,
  type OrderFacts,
  type OrderSnapshot,
  type ShipmentUpdate,
} from '../../core/domain/purchase.ts';
import {
  Amount,
  CurrencyCode,
  Id,
  ZonedTime,
  address,
  email,
  finish,
  firstText,
  headerValue,
  invalid,
  locale,
  optionalNumber,
  optionalText,
  readJson,
  readPayload,
  text,
} from './payload.ts';
import { base64HmacMatches } from './signatures.ts';
import type { Parsed, PlatformAdapter, WebhookRequest } from './types.ts';

type Headers = WebhookRequest['headers'];

export const shopify: PlatformAdapter = {
  platform: 'shopify',
  get topics() {
    return Object.keys(TOPICS);
  },

  verify(request, store, secrets) {
    const signature = request.headers['x-shopify-hmac-sha256'];
    if (!signature) return { ok: false, reason: 'missing x-shopify-hmac-sha256 header' };
    if (!base64HmacMatches(request.rawBody, signature, secrets)) {
      return { ok: false, reason: "x-shopify-hmac-sha256 does not match the body under any of the store's secrets" };
    }
    const expected = store.platforms.shopify?.shopDomain;
    if (expected) {
      const shop = request.headers['x-shopify-shop-domain']?.trim().toLowerCase();
      if (!shop) return { ok: false, reason: `missing x-shopify-shop-domain header (expected ${expected})` };
      if (shop !== expected) return { ok: false, reason: `delivery is for shop ${shop}, not ${expected}` };
    }
    return { ok: true };
  },

  parse(request) {
    const topic = headerValue(request.headers, 'x-shopify-topic', 64);
    if (!topic) return invalid('missing or malformed x-shopify-topic header');
    // Own keys only: a topic named "constructor" is no handler.
    const handle = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
    if (!handle) return { kind: 'ignored', topic };
    const body = readJson(request.rawBody);
    if (!body.ok) return invalid(`${topic}: ${body.message}`);
    return handle(topic, body.value, request.headers);
  },
};

type TopicHandler = (topic: string, body: unknown, headers: Headers) => Parsed;

const TOPICS: Record<string, TopicHandler> = {
  'orders/create': parseOrder,
  'orders/paid': parseOrder,
  'orders/fulfilled': parseOrder,
  'orders/cancelled': parseOrder,
  'refunds/create': parseRefund,
  'fulfillments/create': parseFulfillment,
  'fulfillments/update': parseFulfillment,
  'customers/redact': parseCustomerRedact,
  'customers/data_request': parseDataRequest,
  'shop/redact': parseShopRedact,
};

// --- Orders ---------------------------------------------------------------------------------

const ShopifyAddress = z.fallback(
  z.nullish(
    z.object({
      first_name: optionalText,
      last_name: optionalText,
      city: optionalText,
      province_code: optionalText,
      country_code: optionalText,
      latitude: optionalNumber,
      longitude: optionalNumber,
    }),
  ),
  null,
);

const ShopifyLineItem = z.object({
  title: optionalText,
  name: optionalText,
  variant_title: optionalText,
  quantity: z.fallback(z.number().check(z.int()), 0),
  sku: optionalText,
  product_id: z.fallback(z.nullish(Id), null),
  price: z.fallback(z.nullish(Amount), null),
});

const ShopifyOrder = z.object({
  id: Id,
  admin_graphql_api_id: optionalText,
  name: optionalText,
  order_number: z.fallback(z.nullish(z.number().check(z.int())), null),
  email: optionalText,
  contact_email: optionalText,
  created_at: ZonedTime,
  updated_at: z.nullish(ZonedTime),
  processed_at: z.nullish(ZonedTime),
  cancelled_at: z.nullish(ZonedTime),
  financial_status: optionalText,
  fulfillment_status: optionalText,
  currency: CurrencyCode,
  total_price: Amount,
  customer_locale: optionalText,
  test: z.fallback(z.nullish(z.boolean()), false),
  customer: z.fallback(z.nullish(z.object({ email: optionalText, first_name: optionalText, last_name: optionalText })), null),
  shipping_address: ShopifyAddress,
  billing_address: ShopifyAddress,
  line_items: z.array(ShopifyLineItem),
  fulfillments: z.fallback(z.nullish(z.array(z.object({ status: optionalText, created_at: ZonedTime }))), null),
  refunds: z.fallback(z.nullish(z.array(z.object({ created_at: ZonedTime }))), null),
});
type ShopifyOrder = z.output<typeof ShopifyOrder>;

const PAID = new Set(['paid', 'partially_refunded', 'refunded']);
const REFUNDED = new Set(['partially_refunded', 'refunded']);

function parseOrder(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(ShopifyOrder, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  const order = read.data;
  const orderId = gidNumber(order.admin_graphql_api_id, 'Order') ?? order.id;
  const occurredAt = order.updated_at ?? triggeredAt(headers) ?? order.created_at;
  const event: OrderEvent = {
    kind: 'order',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, `${orderId}:${occurredAt}`),
    orderId,
    occurredAt,
    snapshot: snapshotOf(order),
    facts: orderFacts(topic, order, occurredAt),
  };
  return finish(event);
}

function orderFacts(topic: string, order: ShopifyOrder, occurredAt: string): OrderFacts {
  const facts: OrderFacts = {};
  const financial = order.financial_status ?? '';
  // REST orders carry no payment time; processed_at is when checkout completed.
  if (topic === 'orders/paid' || PAID.has(financial)) facts.paidAt = order.processed_at ?? order.created_at;
  if (topic === 'orders/fulfilled' || order.fulfillment_status === 'fulfilled') {
    const shipped = (order.fulfillments ?? []).filter((f) => f.status === 'success').map((f) => f.created_at);
    facts.fulfilledAt = latest(shipped) ?? occurredAt;
  }
  const cancelledAt = order.cancelled_at ?? (topic === 'orders/cancelled' ? occurredAt : null);
  if (cancelledAt) facts.cancelledAt = cancelledAt;
  if (REFUNDED.has(financial)) {
    facts.refundedAt = latest((order.refunds ?? []).map((r) => r.created_at)) ?? occurredAt;
    if (financial === 'refunded') facts.fullyRefunded = true;
  }
  return facts;
}

function snapshotOf(order: ShopifyOrder): OrderSnapshot {
  const place = order.shipping_address ?? order.billing_address;
  const people = [order.customer, order.shipping_address, order.billing_address];
  return {
    orderName: text(order.name, 64) ?? `#${order.order_number ?? order.id}`,
    email: email(order.email, order.contact_email, order.customer?.email),
    firstName: firstText(100, ...people.map((p) => p?.first_name)),
    lastName: firstText(100, ...people.map((p) => p?.last_name)),
    locale: locale(order.customer_locale),
    address: place
      ? address({
          country: place.country_code,
          region: place.province_code,
          city: place.city,
          latitude: place.latitude,
          longitude: place.longitude,
        })
      : null,
    items: order.line_items.flatMap((item) => lineItem(item, order.currency)).slice(0, 250),
    totalMinor: toMinorUnits(order.total_price, order.currency) ?? Number.NaN,
    currency: order.currency,
    createdAt: order.created_at,
    test: order.test ?? false,
  };
}

function lineItem(item: z.output<typeof ShopifyLineItem>, currency: string): LineItem[] {
  const title = firstText(300, item.title, item.name);
  const unitPriceMinor = item.price === null || item.price === undefined ? null : toMinorUnits(item.price, currency);
  if (!title || item.quantity < 1 || unitPriceMinor === null) return [];
  const variant = text(item.variant_title, 200);
  return [
    {
      title,
      // Shopify names the only variant of a single-variant product "Default Title".
      variant: variant === 'Default Title' ? null : variant,
      quantity: item.quantity,
      sku: text(item.sku, 100),
      productId: item.product_id ?? null,
      unitPriceMinor,
    },
  ];
}

// --- Refunds and fulfillments ---------------------------------------------------------------

const ShopifyRefund = z.object({
  id: Id,
  order_id: Id,
  created_at: ZonedTime,
  processed_at: z.nullish(ZonedTime),
});

function parseRefund(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(ShopifyRefund, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  const refund = read.data;
  const at = refund.processed_at ?? refund.created_at;
  return finish({
    kind: 'order',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, `${refund.id}:${at}`),
    orderId: refund.order_id,
    occurredAt: at,
    facts: { refundedAt: at },
  });
}

const ShopifyFulfillment = z.object({
  id: Id,
  order_id: Id,
  status: optionalText,
  created_at: ZonedTime,
  updated_at: z.nullish(ZonedTime),
  shipment_status: optionalText,
});

/** Statuses of newer API versions that the model has no name for. */
const SHIPMENT_ALIASES: Record<string, ShipmentStatus> = {
  carrier_picked_up: 'in_transit',
  // A local-pickup order the customer has collected.
  picked_up: 'delivered',
};

function parseFulfillment(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(ShopifyFulfillment, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  const fulfillment = read.data;
  const at = fulfillment.updated_at ?? fulfillment.created_at;
  const facts: OrderFacts = {};
  // pending/open fulfillments are requests to a fulfilment service; nothing has shipped yet.
  if (fulfillment.status === 'success') facts.fulfilledAt = fulfillment.created_at;
  const status = shipmentStatus(fulfillment.shipment_status);
  const shipment: ShipmentUpdate | undefined = status ? { status, at } : undefined;
  if (status === 'delivered') facts.deliveredAt = at;
  return finish({
    kind: 'order',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, `${fulfillment.id}:${at}`),
    orderId: fulfillment.order_id,
    occurredAt: at,
    facts,
    ...(shipment ? { shipment } : {}),
  });
}

/** REST sends "in_transit", GraphQL-style sources "IN_TRANSIT"; unknown values are no update. */
function shipmentStatus(raw: string | null | undefined): ShipmentStatus | null {
  const name = raw?.trim().toLowerCase() ?? '';
  const known = ShipmentStatus.safeParse(name);
  return known.success ? known.data : (SHIPMENT_ALIASES[name] ?? null);
}

// --- Compliance -----------------------------------------------------------------------------

const CustomersRedact = z.object({
  customer: z.object({ id: z.fallback(z.nullish(Id), null), email: optionalText }),
  orders_to_redact: z.nullish(z.array(Id)),
});

function parseCustomerRedact(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(CustomersRedact, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  const { customer, orders_to_redact } = read.data;
  return finish({
    kind: 'redact-customer',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, customer.id ?? `email-${digest(customer.email ?? '')}`),
    email: email(customer.email),
    orderIds: orders_to_redact ?? [],
  });
}

const DataRequest = z.object({
  customer: z.object({ id: z.fallback(z.nullish(Id), null), email: optionalText }),
  orders_requested: z.nullish(z.array(Id)),
  data_request: z.nullish(z.object({ id: z.fallback(z.nullish(Id), null) })),
});

function parseDataRequest(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(DataRequest, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  const { customer, orders_requested, data_request } = read.data;
  const requestId = data_request?.id ?? null;
  return finish({
    kind: 'data-request',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, requestId ?? customer.id ?? `email-${digest(customer.email ?? '')}`),
    email: email(customer.email),
    orderIds: orders_requested ?? [],
    requestId,
  });
}

const ShopRedact = z.object({ shop_id: Id });

function parseShopRedact(topic: string, body: unknown, headers: Headers): Parsed {
  const read = readPayload(ShopRedact, body, `${topic} payload`);
  if (!read.ok) return read.parsed;
  return finish({
    kind: 'redact-store',
    platform: 'shopify',
    topic,
    dedupeKeys: dedupeKeys(headers, topic, read.data.shop_id),
  });
}

// --- Shared ---------------------------------------------------------------------------------

/**
 * The webhook id names one delivery (retries keep it); the event id names the merchant action
 * behind it, shared by every subscription to the topic. Without a webhook id, the resource and
 * its version stand in.
 */
function dedupeKeys(headers: Headers, topic: string, resourceVersion: string): string[] {
  const webhookId = headerValue(headers, 'x-shopify-webhook-id');
  const eventId = headerValue(headers, 'x-shopify-event-id');
  const keys = [webhookId ? `shopify:webhook:${webhookId}` : `shopify:${topic}:${resourceVersion}`.slice(0, 200)];
  if (eventId) keys.push(`shopify:event:${topic}:${eventId}`);
  return keys;
}

/** Keys never carry an email address in clear. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 24);
}

/** "gid://shopify/Order/820982911946154508" → "820982911946154508" when the type matches. */
function gidNumber(gid: string | null | undefined, type: string): string | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,30})$/.exec(gid?.trim() ?? '');
  return match && match[1] === type ? (match[2] ?? null) : null;
}

function triggeredAt(headers: Headers): string | null {
  const parsed = ZonedTime.safeParse(headers['x-shopify-triggered-at']?.trim());
  return parsed.success ? parsed.data : null;
}

/** Times here are all UTC ISO strings, so the greatest string is the latest time. */
function latest(times: string[]): string | null {
  return times.reduce<string | null>((max, t) => (max === null || t > max ? t : max), null);
}
